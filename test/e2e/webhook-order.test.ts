import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * Webhooks as GitHub really delivers them, through the real Probot server: the same
 * event twice under two delivery ids (delivery-id dedupe cannot catch that), and an old
 * event arriving after a newer one. The handlers do the right thing once, or nothing.
 */
describe("duplicate and out-of-order webhooks", () => {
  let h: FerryHarness;
  let n = 0;
  beforeAll(async () => {
    h = await startFerryHarness();
  });
  afterAll(async () => h.stop());

  // A repository of its own with a PR from `feature` into staging, its report written.
  async function openFeaturePull(): Promise<{ repo: string; pull: number }> {
    const repo = await h.newRepo(`order-${++n}`);
    const staging = (await h.github.branchSha("staging", repo)) as string;
    await h.github.commit({ repo, branch: "feature", parents: [staging], files: { "staging/a.txt": "a\n" }, message: "a", as: "dana" });
    const pull = await h.github.openPullRequest({ repo, head: "feature", base: "staging", title: "feature", as: "dana" });
    await h.settle();
    return { repo, pull };
  }
  const synchronizeOf = (sha: string) => h.github.deliveries.find((d) => d.event === "pull_request" && d.action === "synchronize" && (d.payload as { pull_request: { head: { sha: string } } }).pull_request.head.sha === sha)!;

  const bot = (repo: string, issue: number) => h.github.comments(issue, repo).filter((c) => c.user.login === "ferry[bot]").map((c) => c.body);

  it("runs a /promote comment delivered twice once: one PR, one reply, one 👀 and one 🚀", async () => {
    const repo = await h.newRepo(`order-${++n}`);
    h.github.setPermission({ repo, user: "dana", permission: "maintain" });
    const issue = h.github.createIssueAs({ repo, title: "Release", as: "dana" });
    const command = h.github.comment({ repo, issue, body: "/promote production", as: "dana" });
    await h.settle();
    const delivery = h.github.deliveries.find((d) => d.event === "issue_comment" && (d.payload as { comment?: { id?: number } }).comment?.id === command.id)!;

    h.github.resend(delivery.id);
    await h.settle();

    expect(h.github.pulls(repo).filter((p) => p.pull?.headRef === "ferry/promote/production")).toHaveLength(1);
    expect(bot(repo, issue)).toEqual([expect.stringMatching(/^Opened #\d+/)]);
    expect(h.github.reactions(command.id).map((r) => r.content)).toEqual(["eyes", "rocket"]);
    expect(h.github.violations).toEqual([]);
  });

  it("keeps the report of the newer head when an older synchronize arrives late", async () => {
    const { repo, pull } = await openFeaturePull();
    const older = await h.github.commit({ repo, branch: "feature", files: { "staging/b.txt": "b\n" }, message: "b", as: "dana" });
    await h.settle();
    const newer = await h.github.commit({ repo, branch: "feature", files: { "staging/c.txt": "c\n" }, message: "c", as: "dana" });
    await h.settle();
    const late = synchronizeOf(older);

    h.github.resend(late.id);
    await h.settle();

    const report = bot(repo, pull).filter((b) => b.startsWith("<!-- ferry:report"));
    expect(report).toHaveLength(1);
    expect(report[0]).toContain(newer.slice(0, 7));
    expect(report[0]).not.toContain(older.slice(0, 7));
    expect(h.github.violations).toEqual([]);
  });

  it("reads no PR for a pull request outside the environment branches (nothing there to judge)", async () => {
    const repo = await h.newRepo(`order-${++n}`);
    const main = (await h.github.branchSha("main", repo)) as string;
    await h.github.commit({ repo, branch: "docs", parents: [main], files: { "README.md": "docs\n" }, message: "docs", as: "dana" });
    h.github.clearLogs();

    await h.github.openPullRequest({ repo, head: "docs", base: "main", title: "docs", as: "dana" });
    await h.settle();

    expect(h.github.requests.map((r) => r.operationId).filter((op) => op === "pulls/get" || op === "checks/create")).toEqual([]);
    expect(h.github.violations).toEqual([]);
  });

  it.each([
    { name: "closed", end: (repo: string, pull: number) => h.github.setIssueState({ repo, issue: pull, state: "closed", as: "dana" }) },
    { name: "merged", end: async (repo: string, pull: number) => void (await h.github.mergePullRequest({ repo, pull, as: "dana" })) },
  ])("does nothing with a synchronize delivered again after the PR was $name", async ({ end }) => {
    const { repo, pull } = await openFeaturePull();
    const head = await h.github.commit({ repo, branch: "feature", files: { "staging/b.txt": "b\n" }, message: "b", as: "dana" });
    await h.settle();
    const late = synchronizeOf(head);
    await end(repo, pull);
    await h.settle();
    const comments = h.github.comments(pull, repo).map((c) => `${c.id}:${c.body}`);
    const checks = h.github.checkRuns({ repo }).map((r) => `${r.id}:${r.status}:${r.conclusion}`);
    h.github.clearLogs();

    h.github.resend(late.id);
    await h.settle();

    // It read the PR, found it over, and wrote nothing: no comment, no check, no merge.
    expect(h.github.comments(pull, repo).map((c) => `${c.id}:${c.body}`)).toEqual(comments);
    expect(h.github.checkRuns({ repo }).map((r) => `${r.id}:${r.status}:${r.conclusion}`)).toEqual(checks);
    expect(h.github.requests.filter((r) => r.method !== "GET" && r.operationId !== "apps/create-installation-access-token").map((r) => r.operationId)).toEqual([]);
    expect(h.github.violations).toEqual([]);
  });
});
