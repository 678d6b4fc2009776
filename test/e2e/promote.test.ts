import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

describe("/promote and /merge end to end (Probot over HTTP, GitHub test server)", () => {
  let h: FerryHarness;
  beforeEach(async () => {
    h = await startFerryHarness();
    h.github.setPermission({ user: "dana", permission: "maintain" });
    h.github.setPermission({ user: "erin", permission: "write" });
  });
  afterEach(async () => {
    expect(h.github.violations).toEqual([]);
    await h.stop();
  });

  it("opens the promotion PR with the report, then /merge fast-forwards production", async () => {
    const issue = await h.github.openPullRequest({ head: "staging", base: "main", title: "tracking", as: "dana" });
    const command = h.github.comment({ issue, body: "Ready.\n/promote production", as: "dana" });
    await h.settle();

    const pulls = h.github.pulls().filter((p) => p.pull?.headRef === "ferry/promote/production");
    expect(pulls).toHaveLength(1);
    const pull = pulls[0]!;
    expect(await h.github.branchSha("ferry/promote/production")).toBe(h.example.release);
    const report = h.github.comments(pull.number).map((c) => c.body).join("\n");
    expect(report).toContain("production");
    expect(report).toContain("ghcr.io/acme/shop-web:1.5.0");
    expect(h.github.comments(issue).map((c) => c.body).slice(1)).toEqual([expect.stringMatching(/^Opened #\d+: promotes `[0-9a-f]{7}` \(1 commit\) to production/)]);
    expect(h.github.reactions(command.id).map((r) => r.content)).toEqual(["eyes", "rocket"]);

    await h.github.review({ pull: pull.number, as: "erin", state: "APPROVED" });
    h.github.comment({ issue: pull.number, body: "/merge", as: "dana" });
    await h.settle();

    expect(await h.github.branchSha("production")).toBe(h.example.release);
    expect(h.github.pullRecord(pull.number).pull).toMatchObject({ merged: true });
  });
});
