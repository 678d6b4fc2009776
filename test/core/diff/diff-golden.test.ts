import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffManifests } from "../../../src/core/diff/index.ts";
import { renderDiffCheckRun, renderDiffComment, renderDiffJson, renderDiffText } from "../../../src/core/report/index.ts";
import { listDiffCases, PART_BOUNDARY } from "./diff-fixtures.ts";

describe("diff golden cases (fixtures/diff)", () => {
  it.each(listDiffCases())("$name", async ({ dir, before, after, context }) => {
    const diff = diffManifests({ before, after });

    const comment = renderDiffComment(diff, context);

    await expect(comment.parts.join(PART_BOUNDARY)).toMatchFileSnapshot(join(dir, "expected.md"));
    await expect(renderDiffJson(diff, context)).toMatchFileSnapshot(join(dir, "expected.json"));
  });
});

describe("secret canaries in evil-* cases", () => {
  const evil = listDiffCases().filter((c) => c.name.startsWith("evil-secret"));

  it.each(evil)("$name leaks no secret value, base64 form or ciphertext into any output", ({ raw, before, after, context }) => {
    const diff = diffManifests({ before, after });

    const outputs = [
      ...renderDiffComment(diff, context).parts,
      ...renderDiffComment(diff, { ...context, options: { maxCommentChars: 4000, maxParts: 1 } }).parts,
      renderDiffText(diff, context),
      renderDiffJson(diff, context),
      JSON.stringify(renderDiffCheckRun(diff, context)),
      JSON.stringify(diff),
    ].join("\n");

    const forbidden = forbiddenForms(raw);
    expect(forbidden.length).toBeGreaterThan(5);
    expect(forbidden.filter((f) => outputs.includes(f))).toEqual([]);
    expect(outputs).not.toMatch(/CANARY/i);
  });
});

// Every canary in the fixture, plain and decoded from base64, plus its base64 forms at
// each alignment, plus every SOPS ENC[...] value and base64 token that hides a canary.
function forbiddenForms(raw: string): string[] {
  const canaries = new Set<string>(raw.match(/CANARY-[A-Za-z0-9-]+/g) ?? []);
  const tokens = raw.match(/[A-Za-z0-9+/]{12,}={0,2}/g) ?? [];
  const forms = new Set<string>(raw.match(/ENC\[[^\]]*\]/g) ?? []);
  for (const token of tokens) {
    const decoded = Buffer.from(token, "base64").toString("latin1");
    for (const c of decoded.match(/CANARY-[A-Za-z0-9-]+/g) ?? []) {
      canaries.add(c);
      forms.add(token);
    }
  }
  for (const canary of canaries) {
    forms.add(canary);
    for (let offset = 0; offset < 3; offset++) {
      const b64 = Buffer.from("\0".repeat(offset) + canary).toString("base64");
      forms.add(b64.slice(4, -4));
    }
  }
  return [...forms];
}
