import { describe, expect, it } from "vitest";
import { buildDryRunFailureResults, type ObjectResult } from "../../../src/core/plan/index.ts";

const result = (key: string, action: ObjectResult["action"], message?: string): ObjectResult => ({ key, stage: "namespaced", action, ...(message && { message }) });

describe("buildDryRunFailureResults", () => {
  it.each([
    { name: "turns objects that passed into skipped ones", input: [result("/ConfigMap/a/x", "created"), result("/ConfigMap/a/y", "configured"), result("/ConfigMap/a/z", "failed", "Invalid")], expected: [result("/ConfigMap/a/x", "skipped", "not applied: the server dry-run failed for 1 object(s)"), result("/ConfigMap/a/y", "skipped", "not applied: the server dry-run failed for 1 object(s)"), result("/ConfigMap/a/z", "failed", "Invalid")] },
    { name: "lists no prune as done", input: [{ key: "/ConfigMap/a/old", stage: "prune", action: "deleted" } as ObjectResult, result("/ConfigMap/a/z", "failed", "Invalid")], expected: [{ key: "/ConfigMap/a/old", stage: "prune", action: "skipped", message: "not applied: the server dry-run failed for 1 object(s)" }, result("/ConfigMap/a/z", "failed", "Invalid")] },
    { name: "keeps skipped objects and their reason", input: [result("/ConfigMap/a/x", "skipped", "its kind is defined by a CRD in this plan"), result("/ConfigMap/a/z", "failed", "Invalid")], expected: [result("/ConfigMap/a/x", "skipped", "its kind is defined by a CRD in this plan"), result("/ConfigMap/a/z", "failed", "Invalid")] },
  ])("$name", ({ input, expected }) => {
    const before = structuredClone(input);

    const out = buildDryRunFailureResults(input);

    expect(out).toEqual(expected);
    expect(input).toEqual(before);
  });
});
