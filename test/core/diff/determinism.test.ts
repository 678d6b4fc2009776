import { describe, expect, it } from "vitest";
import { diffManifests } from "../../../src/core/diff/index.ts";
import { renderDiffComment, renderDiffJson, renderDiffText } from "../../../src/core/report/index.ts";
import { listDiffCases } from "./diff-fixtures.ts";
import { shuffled } from "../../support/shuffled.ts";

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
