import { afterEach, describe, expect, it } from "vitest";
import type { GitHubTestServer } from "../support/github-server/github-test-server.ts";
import { startWithRepo } from "./harness.ts";

const repo = { owner: "acme", repo: "config" };
let gh: GitHubTestServer | undefined;
afterEach(async () => {
  expect(gh?.violations ?? []).toEqual([]);
  await gh?.stop();
  gh = undefined;
});

async function setup() {
  const started = await startWithRepo();
  gh = started.gh;
  const base = (await gh.branchSha("main")) ?? "";
  await gh.pushBranch({ branch: "production", sha: base });
  const head = await gh.commit({ branch: "main", files: { "base/deployment.yaml": "replicas: 3\n" }, message: "scale", as: "alice" });
  await started.octokit.rest.git.createRef({ ...repo, ref: "refs/heads/ferry/promote/production", sha: head });
  const { data: pr } = await started.octokit.rest.pulls.create({ ...repo, head: "ferry/promote/production", base: "production", title: "Promote to production" });
  return { ...started, base, head, pr };
}

describe("pull requests", () => {
  it("opens one pull request per head and base and answers 422 for a second", async () => {
    const s = await setup();

    const second = await s.octokit.rest.pulls.create({ ...repo, head: "ferry/promote/production", base: "production", title: "again" }).then(() => ({ status: 201, message: "" }), (e: { status: number; message: string }) => e);
    const { data: open } = await s.octokit.rest.pulls.list({ ...repo, head: "acme:ferry/promote/production", base: "production" });

    expect(second.status).toBe(422);
    expect(second.message).toContain("A pull request already exists for acme:ferry/promote/production.");
    expect(open.map((p) => p.number)).toEqual([s.pr.number]);
    expect(s.pr).toMatchObject({ state: "open", merged: false, head: { sha: s.head, ref: "ferry/promote/production" }, base: { ref: "production", sha: s.base }, user: { login: "ferry[bot]", type: "Bot" } });
  });

  it("lets only one of two concurrent creates for the same head and base succeed", async () => {
    const s = await setup();
    await s.octokit.rest.pulls.update({ ...repo, pull_number: s.pr.number, state: "closed" });

    const answers = await Promise.all([1, 2].map(() => s.octokit.rest.pulls.create({ ...repo, head: "ferry/promote/production", base: "production", title: "t" }).then((r) => r.status, (e: { status: number }) => e.status)));

    expect(answers.sort()).toEqual([201, 422]);
  });

  it("becomes merged when its base branch is fast-forwarded to its head, and sends pull_request.closed", async () => {
    const s = await setup();

    await s.octokit.rest.git.updateRef({ ...repo, ref: "heads/production", sha: s.head, force: false });
    const { data } = await s.octokit.rest.pulls.get({ ...repo, pull_number: s.pr.number });

    expect(data).toMatchObject({ state: "closed", merged: true, merge_commit_sha: s.head, merged_by: { login: "ferry[bot]" } });
    const closed = s.gh.deliveries.find((d) => d.event === "pull_request" && d.action === "closed");
    expect(closed?.payload).toMatchObject({ action: "closed", number: s.pr.number, pull_request: { merged: true } });
  });

  it("follows its head branch and sends pull_request.synchronize", async () => {
    const s = await setup();

    const next = await s.gh.commit({ branch: "ferry/promote/production", files: { "README.md": "more\n" }, message: "more", as: "alice" });
    const { data } = await s.octokit.rest.pulls.get({ ...repo, pull_number: s.pr.number });
    const { data: commits } = await s.octokit.rest.pulls.listCommits({ ...repo, pull_number: s.pr.number });
    const { data: files } = await s.octokit.rest.pulls.listFiles({ ...repo, pull_number: s.pr.number });

    expect(data.head.sha).toBe(next);
    expect(commits.map((c) => c.sha)).toEqual([s.head, next]);
    expect(files.map((f) => `${f.status} ${f.filename}`)).toEqual(["modified README.md", "modified base/deployment.yaml"]);
    expect(s.gh.deliveries.find((d) => d.action === "synchronize")?.payload).toMatchObject({ before: s.head, after: next });
  });

  it("lists reviews people submit, with state and commit", async () => {
    const s = await setup();

    await s.gh.review({ pull: s.pr.number, as: "bob", state: "APPROVED" });
    await s.gh.review({ pull: s.pr.number, as: "carol", state: "CHANGES_REQUESTED", body: "no" });
    const { data } = await s.octokit.rest.pulls.listReviews({ ...repo, pull_number: s.pr.number });

    expect(data.map((r) => [r.user?.login, r.state, r.commit_id])).toEqual([["bob", "APPROVED", s.head], ["carol", "CHANGES_REQUESTED", s.head]]);
    expect(s.gh.deliveries.filter((d) => d.event === "pull_request_review").map((d) => d.action)).toEqual(["submitted", "submitted"]);
  });

  it("merges with a merge commit through the merge button", async () => {
    const s = await setup();

    const sha = await s.gh.mergePullRequest({ pull: s.pr.number, as: "alice" });
    const commit = await s.octokit.rest.git.getCommit({ ...repo, commit_sha: sha });

    expect(commit.data.parents.map((p) => p.sha)).toEqual([s.base, s.head]);
    expect(s.gh.pullRecord(s.pr.number).pull).toMatchObject({ merged: true, mergeCommitSha: sha });
  });
});

describe("issue comments and reactions", () => {
  it("records comments and reactions and sends issue_comment with issue.pull_request", async () => {
    const s = await setup();

    const human = s.gh.comment({ issue: s.pr.number, body: "/promote production", as: "alice" });
    const { data: reply } = await s.octokit.rest.issues.createComment({ ...repo, issue_number: s.pr.number, body: "on it" });
    await s.octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: human.id, content: "eyes" });
    const again = await s.octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: human.id, content: "eyes" });
    await s.octokit.rest.issues.updateComment({ ...repo, comment_id: reply.id, body: "done" });

    expect(again.status).toBe(200);
    expect(s.gh.reactions(human.id).map((r) => `${r.user.login} ${r.content}`)).toEqual(["ferry[bot] eyes"]);
    expect(s.gh.comments(s.pr.number).map((c) => c.body)).toEqual(["/promote production", "done"]);
    const events = s.gh.deliveries.filter((d) => d.event === "issue_comment");
    expect(events.map((d) => [d.action, (d.payload.comment as { user: { type: string } }).user.type])).toEqual([["created", "User"], ["created", "Bot"], ["edited", "Bot"]]);
    expect(events[0]?.payload).toMatchObject({ issue: { number: s.pr.number, pull_request: { url: expect.any(String) } }, installation: { id: s.gh.installationId }, sender: { login: "alice" } });
  });
});

describe("check runs", () => {
  it("sends check_run.rerequested when a person re-runs a check", async () => {
    const s = await setup();
    const { data: run } = await s.octokit.rest.checks.create({ ...repo, name: "ferry", head_sha: s.head, conclusion: "failure", output: { title: "blocked", summary: "needs review" } });

    s.gh.rerequestCheckRun({ checkRunId: run.id, as: "alice" });

    const event = s.gh.deliveries.find((d) => d.event === "check_run");
    expect(event?.payload).toMatchObject({ action: "rerequested", check_run: { id: run.id, head_sha: s.head, pull_requests: [{ number: s.pr.number }] }, sender: { login: "alice" } });
  });
});
