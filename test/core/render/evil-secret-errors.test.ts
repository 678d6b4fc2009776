import { describe, expect, it } from "vitest";
import { renderKustomization } from "../../../src/core/render/index.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/index.ts";

/** Render errors reach PR comments and check runs: they must never quote a secret. */
describe("render errors never quote secret values", () => {
  const secret = (body: string) => ({ "k/kustomization.yaml": "resources: [s.yaml]\n", "k/s.yaml": `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n${body}` });
  it.each([
    { name: "a YAML syntax error on a Secret value's line", files: secret('stringData:\n  password: CANARY-hunter2: "oops\n') },
    { name: "an unclosed flow sequence in a Secret", files: secret("stringData:\n  password: [CANARY-hunter2\n") },
    { name: "a duplicate key in Secret data", files: secret("data:\n  password: CANARY-hunter2\n  password: again\n") },
    { name: "a wrongly tagged Secret value", files: secret("stringData:\n  password: !!int CANARY-hunter2\n") },
    { name: "a secretGenerator literal without a key", files: { "k/kustomization.yaml": 'secretGenerator:\n- name: x\n  literals: ["CANARY-hunter2"]\n' } },
    { name: "a secret env file line without a valid name", files: { "k/kustomization.yaml": "secretGenerator:\n- name: x\n  envs: [s.env]\n", "k/s.env": "CANARY-hunter2!\n" } },
  ])("$name", async ({ files }) => {
    const error = await renderKustomization(buildMemoryFileTree(files as Record<string, string>), "k").then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    expect(error).toBeInstanceOf(Error);
    expect(error?.message).not.toContain("CANARY");
    expect(error?.message).toMatch(/k\/(s\.yaml|s\.env|kustomization\.yaml)/);
  });
});
