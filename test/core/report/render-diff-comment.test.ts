import { describe, expect, it } from "vitest";
import { diffManifests } from "../../../src/core/diff/index.ts";
import type { KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { GITHUB_CHECK_FIELD_LIMIT, GITHUB_COMMENT_LIMIT, parseReportMarker, renderDiffCheckRun, renderDiffComment, type ReportContext } from "../../../src/core/report/index.ts";

const context: ReportContext = { environment: "production", from: { sha: "a".repeat(40) }, to: { sha: "b".repeat(40) } };

function configMaps(count: number, lines: number, version: number): KubeObject[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `settings-${String(i).padStart(4, "0")}`, namespace: "shop" },
    data: Object.fromEntries(Array.from({ length: lines }, (_, j) => [`key-${j}`, `value-${j}-v${version}-${"x".repeat(30)}`])),
  }));
}

// Returns the fence still open at the end of the Markdown, or undefined when all closed.
function openFence(markdown: string): string | undefined {
  let open: string | undefined;
  for (const line of markdown.split("\n")) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (fence.length >= open.length && line.trim() === fence) open = undefined;
  }
  return open;
}

describe("renderDiffComment limits", () => {
  it.each([
    { name: "splits a 250 kB diff into numbered parts under GitHub's limit", count: 120, lines: 40, parts: [2, 10], truncated: false },
    { name: "falls back to summary and table past ten parts", count: 600, lines: 40, parts: [1, 1], truncated: true },
    { name: "cuts a single 400 kB resource diff and still closes its fence", count: 1, lines: 8000, parts: [1, 2], truncated: false },
  ])("$name", ({ count, lines, parts, truncated }) => {
    const diff = diffManifests({ before: configMaps(count, lines, 1), after: configMaps(count, lines, 2) });

    const comment = renderDiffComment(diff, context);

    expect(comment.truncated).toBe(truncated);
    expect(comment.parts.length).toBeGreaterThanOrEqual(parts[0] as number);
    expect(comment.parts.length).toBeLessThanOrEqual(parts[1] as number);
    comment.parts.forEach((part, i) => {
      expect(part.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(parseReportMarker(part)).toEqual({ environment: "production", part: i + 1 });
      expect(openFence(part)).toBeUndefined();
      if (comment.parts.length > 1) expect(part).toContain(`part ${i + 1} of ${comment.parts.length}`);
    });
    if (truncated) expect(comment.parts[0]).toMatch(/need more than 10 comments .* so they were cut/);
    if (count === 1) expect(comment.parts.join("")).toMatch(/\d+ more diff lines not shown/);
  });

  it("keeps every check-run field within 65,535 characters", () => {
    const diff = diffManifests({ before: configMaps(600, 40, 1), after: configMaps(600, 40, 2) });

    const output = renderDiffCheckRun(diff, context);

    for (const field of [output.title, output.summary, output.text]) expect(field.length).toBeLessThanOrEqual(GITHUB_CHECK_FIELD_LIMIT);
    expect(output.text).toMatch(/more resource diffs not shown/);
    expect(openFence(output.text)).toBeUndefined();
  });
});
