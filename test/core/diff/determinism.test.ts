import { describe, expect, it } from "vitest";
import { diffManifests } from "../../../src/core/diff/index.ts";
import { renderDiffComment, renderDiffJson, renderDiffText } from "../../../src/core/report/index.ts";
import { listDiffCases } from "./diff-fixtures.ts";

// A seeded shuffle keeps the test reproducible while still reordering every input.
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("determinism", () => {
  it.each(listDiffCases())("$name gives identical bytes for shuffled inputs", ({ before, after, context }) => {
    const render = (b: typeof before, a: typeof after): string => {
      const diff = diffManifests({ before: b, after: a });
      return [...renderDiffComment(diff, context).parts, renderDiffText(diff, context), renderDiffJson(diff, context)].join("\0");
    };

    const expected = render(before, after);

    for (const seed of [1, 7, 42]) expect(render(shuffled(before, seed), shuffled(after, seed + 1))).toBe(expected);
  });
});
