import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * ferry/policy names people by GitHub login: the PR's author and the GitHub accounts
 * of its commits' authors. The example repository's commits are by the git author
 * "Dana Dev", whose email no GitHub account has: the check must not write "@Dana Dev",
 * which mentions nobody (and must not treat that name as someone who cannot approve).
 */
describe("ferry/policy names GitHub logins, never git author names", () => {
  let h: FerryHarness;
  beforeAll(async () => {
    h = await startFerryHarness();
  });
  afterAll(async () => h.stop());

  it("waits for an approval naming the PR's author by login and no git author name", async () => {
    const head = (await h.github.branchSha("staging")) as string;

    await h.github.openPullRequest({ head: "staging", base: "production", title: "Release", as: "erin" });
    await h.settle();

    const run = h.github.checkRuns({ sha: head }).find((r) => r.name === "ferry/policy");
    const text = `${run?.output.summary ?? ""}\n${run?.output.text ?? ""}`;
    expect(run?.conclusion).toBe("failure");
    expect(text).toContain("@erin");
    expect(text).not.toContain("Dana Dev");
    expect(h.github.violations).toEqual([]);
  });
});
