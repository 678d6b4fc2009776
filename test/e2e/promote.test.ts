import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * Issue #4's scenarios through the real entry point: signed webhooks from the GitHub test
 * server to the Probot server over HTTP, every request checked against GitHub's OpenAPI
 * description. One server pair per file; each test has its own repository.
 */
describe("/promote and /merge end to end", () => {
  let h: FerryHarness;
  let repo: string;
  let n = 0;
  beforeAll(async () => {
    h = await startFerryHarness();
  });
  afterAll(async () => h.stop());
  afterEach(() => expect(h.github.violations).toEqual([]));

  async function setup() {
    repo = await h.newRepo(`config-${++n}`);
    h.github.setPermission({ repo, user: "dana", permission: "maintain" });
    h.github.setPermission({ repo, user: "erin", permission: "write" });
    h.github.setPermission({ repo, user: "rita", permission: "read" });
    return h.github.createIssueAs({ repo, title: "Release 1.5.0", as: "dana" });
  }
  const say = (issue: number, body: string, as = "dana") => h.github.comment({ repo, issue, body, as });
  const replies = (issue: number) => h.github.comments(issue, repo).filter((c) => c.user.login === "ferry[bot]").map((c) => c.body);
  const promotionPulls = () => h.github.pulls(repo).filter((p) => p.pull?.headRef === "ferry/promote/production");

  it("opens the promotion PR with the report, then /merge fast-forwards production and the PR shows merged", async () => {
    const issue = await setup();

    const command = say(issue, "Staging looks good.\n/promote production");
    await h.settle();

    const [pull] = promotionPulls();
    expect(replies(issue)).toEqual([expect.stringMatching(/^Opened #\d+: promotes `[0-9a-f]{7}` \(1 commit\) to production/)]);
    expect(h.github.reactions(command.id).map((r) => r.content)).toEqual(["eyes", "rocket"]);
    expect(await h.github.branchSha("ferry/promote/production", repo)).toBe(h.example.release);
    expect(replies(pull!.number).join("\n")).toContain("`ghcr.io/acme/shop-web:1.4.2` → `ghcr.io/acme/shop-web:1.5.0`");

    await h.github.review({ repo, pull: pull!.number, as: "erin", state: "APPROVED" });
    say(pull!.number, "/merge");
    await h.settle();

    expect(await h.github.branchSha("production", repo)).toBe(h.example.release);
    expect(h.github.pullRecord(pull!.number, repo).pull).toMatchObject({ merged: true });
    expect(replies(pull!.number).at(-1)).toMatch(/^Fast-forwarded `production` to `[0-9a-f]{7}`/);
  });

  it("costs a stated number of GitHub requests from the /promote comment to the PR with its report and check", async () => {
    const issue = await setup();
    await h.settle();
    h.github.clearLogs();

    say(issue, "/promote production");
    await h.settle();

    // The installation token is left out: whether Probot still holds one depends on the tests before.
    const byOperation: Record<string, number> = {};
    for (const r of h.github.requests) if (r.operationId !== "apps/create-installation-access-token") byOperation[r.operationId ?? r.path] = (byOperation[r.operationId ?? r.path] ?? 0) + 1;
    expect(byOperation).toEqual({
      "reactions/create-for-issue-comment": 2, // 👀 (which also claims the comment) and 🚀
      "repos/get-content": 2, // the settings, once per delivery: the comment and the PR's opened
      "repos/get-collaborator-permission-level": 1,
      // /promote compares production...staging by name (both heads and the commits in one);
      // the policy check reuses it by SHA and compares staging...head for commits not in staging.
      "repos/compare-commits-with-basehead": 2,
      "git/create-ref": 1,
      "pulls/create": 1,
      "issues/create-comment": 2, // the reply and the report
      // The PR as it is now, shared by the report and the policy check of the opened event; it
      // counts no comments, so the report lists them only for a copy another delivery made.
      "pulls/get": 1,
      "issues/list-comments": 1,
      // Both sides of the diff from their tarballs (redirect and download), which list the commits too.
      "repos/download-tarball-archive": 2,
      codeload: 2,
      "pulls/list-reviews": 1,
      "checks/list-for-ref": 1,
      "checks/create": 1,
    });
  });

  it.each([
    { name: "refuses someone with read permission", body: "/promote production", as: "rita", reply: /rita has read permission.*needs maintain/ },
    { name: "answers an unknown environment with help", body: "/promote prod", as: "dana", reply: /there is no environment "prod"[\s\S]*\/promote <env>/ },
    { name: "answers an unknown command with help", body: "/deploy production", as: "dana", reply: /unknown command \/deploy/ },
  ])("$name", async ({ body, as, reply }) => {
    const issue = await setup();

    const command = say(issue, body, as);
    await h.settle();

    expect(promotionPulls()).toEqual([]);
    expect(replies(issue)).toEqual([expect.stringMatching(reply)]);
    expect(h.github.reactions(command.id).map((r) => r.content)).toEqual(["eyes", "confused"]);
  });

  it("ignores commands in quotes, code blocks, edits and comments by bots", async () => {
    const issue = await setup();

    say(issue, "> /promote production\n```\n/promote production\n```");
    say(issue, "/promote production", "renovate[bot]");
    await h.settle();

    expect(replies(issue)).toEqual([]);
    expect(promotionPulls()).toEqual([]);
  });

  it("names the diverging commits when production has commits staging lacks", async () => {
    const issue = await setup();
    await h.github.commit({ repo, branch: "production", files: { "production/hotfix.txt": "x\n" }, message: "hotfix pushed to production", as: "rita" });

    say(issue, "/promote production");
    await h.settle();

    expect(replies(issue)).toEqual([expect.stringMatching(/`production` has 1 commit that `staging` does not \(`[0-9a-f]{7}` hotfix pushed to production\)/)]);
  });

  it("keeps the pin when staging moves after /promote", async () => {
    const issue = await setup();
    say(issue, "/promote production");
    await h.settle();
    await h.github.commit({ repo, branch: "staging", files: { "staging/later.txt": "later\n" }, message: "later change", as: "dana" });
    const [pull] = promotionPulls();
    await h.github.review({ repo, pull: pull!.number, as: "erin", state: "APPROVED" });

    say(pull!.number, "/merge");
    await h.settle();

    expect(await h.github.branchSha("production", repo)).toBe(h.example.release);
  });

  it("pins a SHA given with the command, which must be on staging", async () => {
    const issue = await setup();

    say(issue, `/promote production ${h.example.initial.slice(0, 9)}`);
    say(issue, "/promote production 0123456789abcdef");
    await h.settle();

    expect(replies(issue)).toHaveLength(2);
    expect(replies(issue)).toEqual(expect.arrayContaining([expect.stringMatching(/nothing to promote/), expect.stringMatching(/`0123456789abcdef` is not a commit of `staging`/)]));
  });

  it("gives one PR for two concurrent /promote commands and for a redelivered webhook", async () => {
    const issue = await setup();

    say(issue, "/promote production");
    say(issue, "/promote production");
    await h.settle();
    const delivery = h.github.deliveries.filter((d) => d.event === "issue_comment").at(-1)!;
    h.github.redeliver(delivery.id);
    await h.settle();

    expect(promotionPulls()).toHaveLength(1);
    const reports = replies(promotionPulls()[0]!.number).filter((b) => b.startsWith("<!-- ferry:report"));
    expect(reports).toHaveLength(1);
  });

  it("refuses /merge without the required approval, and ignores an approval of an older pin", async () => {
    const issue = await setup();
    say(issue, "/promote production");
    await h.settle();
    const [pull] = promotionPulls();

    say(pull!.number, "/merge");
    await h.settle();

    expect(replies(pull!.number).at(-1)).toMatch(/production needs 1 approving review of `[0-9a-f]{7}`; it has 0/);
    expect(await h.github.branchSha("production", repo)).toBe(h.example.initial);
  });

  it("tells the person when a repository rule refuses the fast-forward, and changes nothing", async () => {
    const issue = await setup();
    say(issue, "/promote production");
    await h.settle();
    const [pull] = promotionPulls();
    await h.github.review({ repo, pull: pull!.number, as: "erin", state: "APPROVED" });
    h.github.failNext({ path: "git/update-ref", status: 422, message: "Repository rule violations found: Changes must be made through the deploy queue", times: 1 });

    say(pull!.number, "/merge");
    await h.settle();

    expect(replies(pull!.number).at(-1)).toMatch(/^Cannot merge: GitHub refused to move `production`: Repository rule violations found: Changes must be made through the deploy queue/);
    expect(await h.github.branchSha("production", repo)).toBe(h.example.initial);
  });

  it("refuses /merge while ferry/policy fails, judged afresh by /merge itself", async () => {
    const issue = await setup();
    const kustomization = (await h.github.readFile("staging", "production/kustomization.yaml", repo))!.replaceAll("newTag: 1.5.0", "newTag: 9.9.9");
    await h.github.commit({ repo, branch: "staging", files: { "production/kustomization.yaml": kustomization }, message: "production-only image", as: "dana" });
    say(issue, "/promote production");
    await h.settle();
    const [pull] = promotionPulls();
    await h.github.review({ repo, pull: pull!.number, as: "erin", state: "APPROVED" });

    say(pull!.number, "/merge");
    await h.settle();

    expect(replies(pull!.number).at(-1)).toMatch(/^Cannot merge: `ferry\/policy` fails on `[0-9a-f]{7}`/);
    expect(h.github.checkRuns({ repo }).filter((r) => r.name === "ferry/policy").at(-1)?.conclusion).toBe("failure");
    expect(await h.github.branchSha("production", repo)).toBe(h.example.initial);
  });

  it("retries when GitHub answers 500, then succeeds", async () => {
    const issue = await setup();
    h.github.failNext({ path: "pulls/create", status: 500, times: 1 });

    say(issue, "/promote production");
    await h.settle();

    expect(promotionPulls()).toHaveLength(1);
    expect(replies(issue)).toEqual([expect.stringMatching(/^Opened #/)]);
  });

  it("tells the person when GitHub stays down", async () => {
    const issue = await setup();
    h.github.failNext({ path: "pulls/create", status: 502, times: 20 });

    say(issue, "/promote production");
    await h.settle();

    expect(replies(issue)).toEqual([expect.stringMatching(/`\/promote` failed: GitHub failed while opening the promotion pull request \(HTTP 502\)/)]);
  });
});
