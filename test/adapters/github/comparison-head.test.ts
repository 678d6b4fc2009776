import { describe, expect, it } from "vitest";
import { headOf } from "../../../src/adapters/github/comparison-head.ts";

type Data = Parameters<typeof headOf>[0];
const commit = (sha: string, ...parents: string[]) => ({ sha, parents: parents.map((p) => ({ sha: p })) });
const compare = (over: Record<string, unknown>) => ({ base_commit: { sha: "base" }, merge_base_commit: { sha: "mb" }, ahead_by: 0, commits: [], ...over }) as unknown as Data;

describe("headOf", () => {
  it("finds the tip of a complete list whatever order GitHub lists it in", () => {
    expect(headOf(compare({ status: "ahead", ahead_by: 3, commits: [commit("c", "b"), commit("a", "base"), commit("b", "a")] }))).toBe("c");
  });

  it("takes the base when identical and the merge base when behind", () => {
    expect(headOf(compare({ status: "identical" }))).toBe("base");
    expect(headOf(compare({ status: "behind" }))).toBe("mb");
  });

  it("does not guess from an incomplete list or one with two tips", () => {
    expect(headOf(compare({ status: "ahead", ahead_by: 300, commits: [commit("b", "a"), commit("a", "base")] }))).toBeUndefined();
    expect(headOf(compare({ status: "diverged", ahead_by: 2, commits: [commit("x", "mb"), commit("y", "mb")] }))).toBeUndefined();
  });
});
