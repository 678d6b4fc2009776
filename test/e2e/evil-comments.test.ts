import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * Hostile comments through the real Probot server: injection attempts, Markdown and
 * mentions in arguments, commands hidden where readers cannot see them, floods of
 * commands, people and bots who may not command. Each gets one clear answer (or, where
 * nobody can see the command, none), and nothing the person typed is rendered or
 * pings anyone in the reply.
 */
describe("evil comments", () => {
  let h: FerryHarness;
  let repo: string;
  let n = 0;
  beforeAll(async () => {
    h = await startFerryHarness();
  });
  afterAll(async () => h.stop());
  afterEach(() => expect(h.github.violations).toEqual([]));

  async function setup() {
    repo = await h.newRepo(`evil-comments-${++n}`);
    h.github.setPermission({ repo, user: "dana", permission: "maintain" });
    h.github.setPermission({ repo, user: "rita", permission: "read" });
    return h.github.createIssueAs({ repo, title: "Release", as: "dana" });
  }
  const say = (issue: number, body: string, as = "dana") => h.github.comment({ repo, issue, body, as });
  const replies = (issue: number) => h.github.comments(issue, repo).filter((c) => c.user.login === "ferry[bot]").map((c) => c.body);
  const promotionPulls = () => h.github.pulls(repo).filter((p) => p.pull?.headRef === "ferry/promote/production");
  // What a reader sees outside code spans: where a mention would ping and HTML would render.
  const outsideCode = (body: string) => body.replace(/(`+)[\s\S]*?\1/g, "");

  it.each([
    { name: "refuses a shell injection as a bad environment name", body: "/promote production; rm -rf /", reason: "`production;` is not an environment name (in `/promote production; rm -rf /`)" },
    { name: "quotes a team mention as code, so nobody is pinged", body: "/promote @acme/platform", reason: "`@acme/platform` is not an environment name (in `/promote @acme/platform`)" },
    { name: "quotes HTML as code, so it does not render", body: "/promote <img src=x onerror=alert(1)>", reason: "`<img` is not an environment name (in `/promote <img src=x onerror=alert(1)>`)" },
    { name: "keeps backticks in the arguments from closing the code span", body: "/promote production `@dana` ``", reason: "`` `@dana` `` is not a commit SHA" },
    { name: "refuses extra arguments after the SHA", body: "/promote production abc1234 now @dana", reason: "unexpected `now` after the SHA (in `/promote production abc1234 now @dana`)" },
    { name: "cuts a very long argument short in the reply", body: `/promote ${"x".repeat(20_000)}`, reason: `\`${"x".repeat(80)}…\` is not an environment name` },
  ])("$name", async ({ body, reason }) => {
    const issue = await setup();

    const command = say(issue, body);
    await h.settle();

    const [reply, ...more] = replies(issue);
    expect(more).toEqual([]);
    expect(reply).toContain(reason);
    expect(outsideCode(reply!)).not.toMatch(/@dana|@acme|<img/);
    expect(reply!.length).toBeLessThan(4000);
    expect(h.github.reactions(command.id).map((r) => r.content)).toEqual(["eyes", "confused"]);
    expect(promotionPulls()).toEqual([]);
  });

  it("ignores commands in HTML comments, which nobody reading the thread can see", async () => {
    const issue = await setup();

    const command = say(issue, "Looks good.\n<!--\n/promote production\n-->\n<!-- /merge");
    await h.settle();

    expect(replies(issue)).toEqual([]);
    expect(h.github.reactions(command.id)).toEqual([]);
    expect(promotionPulls()).toEqual([]);
  });

  it("finds a command at the end of a comment of 60,000 characters", async () => {
    const issue = await setup();

    say(issue, `${"lorem ipsum ".repeat(5000)}\n/help`);
    await h.settle();

    expect(replies(issue)).toEqual([expect.stringContaining("**Ferry commands**")]);
  });

  it("runs at most 10 commands from one comment and says so once", async () => {
    const issue = await setup();

    say(issue, Array.from({ length: 40 }, () => "/help").join("\n"));
    await h.settle();

    const answers = replies(issue);
    expect(answers).toHaveLength(11);
    expect(answers[0]).toBe("This comment has 40 commands; Ferry runs at most 10 from one comment, so only the first 10 (up to line 10) run. Put the others in a new comment.");
    expect(answers.slice(1).every((a) => a.includes("**Ferry commands**"))).toBe(true);
  });

  it.each([
    { name: "someone with read permission", as: "rita", body: "/promote production", reply: /^Cannot promote to production: @rita has read permission on this repository; promoting to production needs maintain/ },
    { name: "someone who is not a collaborator", as: "mallory", body: "/promote production", reply: /^Cannot promote to production: @mallory has (no|none) permission/ },
    { name: "someone who is not a collaborator, rolling back", as: "mallory", body: "/rollback production --now", reply: /is limited to nobody \(`rollback.breakGlass` is empty in .github\/ferry.yml\); @mallory is not one of them/ },
  ])("refuses $name and changes nothing", async ({ as, body, reply }) => {
    const issue = await setup();
    const before = await h.github.refs(repo);

    say(issue, body, as);
    await h.settle();

    expect(replies(issue)).toEqual([expect.stringMatching(reply)]);
    expect(await h.github.refs(repo)).toEqual(before);
  });

  it("never answers a bot, its own comments included, nor an edit", async () => {
    const issue = await setup();

    say(issue, "/promote production", "ferry[bot]");
    say(issue, "/help", "dependabot[bot]");
    const edited = say(issue, "typo");
    h.github.editComment({ repo, commentId: edited.id, body: "/promote production", as: "dana" });
    await h.settle();

    expect(replies(issue)).toEqual(["/promote production"]);
    expect(promotionPulls()).toEqual([]);
  });

  it("refuses /merge on a promotion PR that was closed, and leaves production where it was", async () => {
    const issue = await setup();
    say(issue, "/promote production");
    await h.settle();
    const [pull] = promotionPulls();
    await h.github.review({ repo, pull: pull!.number, as: "rita", state: "APPROVED" });
    await h.github.setIssueState({ repo, issue: pull!.number, state: "closed", as: "dana" });

    say(pull!.number, "/merge");
    await h.settle();

    expect(replies(pull!.number).at(-1)).toBe("Cannot merge: this promotion PR is closed; comment `/promote production` to open a new one.");
    expect(await h.github.branchSha("production", repo)).toBe(h.example.initial);
  });
});
