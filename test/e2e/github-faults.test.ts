import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * A flaky GitHub through the real entry points: the GitHub test server answers some
 * requests with 5xx, drops connections, rate-limits (403 and 429 with Retry-After), or
 * carries out a write and then loses its answer. Octokit's retry and throttling plugins,
 * as Probot wires them (waits shortened by retryBaseMs), repeat what is safe to repeat,
 * and Ferry's look-up-before-create keeps every write single: one promotion PR, one
 * reply, one report, one check run per name and commit, one Deployment.
 */
describe("a flaky GitHub", () => {
  let h: FerryHarness;
  let n = 0;
  beforeAll(async () => {
    // Throttling on, as in production: it is what retries secondary rate limits.
    h = await startFerryHarness({ cluster: true, throttle: true, retryBaseMs: 5 });
  });
  afterAll(async () => h.stop());
  afterEach(() => expect(h.github.violations).toEqual([]));

  async function promote(setupFaults: () => void) {
    const repo = await h.newRepo(`flaky-${++n}`);
    h.github.setPermission({ repo, user: "dana", permission: "maintain" });
    const issue = h.github.createIssueAs({ repo, title: "Release 1.5.0", as: "dana" });
    await h.settle();
    setupFaults();
    h.github.comment({ repo, issue, body: "/promote production", as: "dana" });
    await h.settle();
    const pulls = h.github.pulls(repo).filter((p) => p.pull?.headRef === "ferry/promote/production");
    const bot = (number: number) => h.github.comments(number, repo).filter((c) => c.user.login === "ferry[bot]").map((c) => c.body);
    const checks = h.github.checkRuns({ repo }).map((c) => `${c.name}@${c.headSha.slice(0, 7)}`);
    return { repo, issue, pulls, replies: bot(issue), report: pulls[0] ? bot(pulls[0].number) : [], checks };
  }

  function expectOneOfEach(result: Awaited<ReturnType<typeof promote>>) {
    expect(result.pulls).toHaveLength(1);
    expect(result.replies).toEqual([expect.stringMatching(/^Opened #\d+: promotes/)]);
    expect(result.report.filter((b) => b.includes("ferry/policy") || b.includes("production"))).not.toEqual([]);
    expect(new Set(result.report).size).toBe(result.report.length);
    expect(new Set(result.checks).size).toBe(result.checks.length);
  }

  it("retries 5xx answers and dropped connections of reads", async () => {
    const result = await promote(() => {
      h.github.injectFault({ path: "repos/compare-commits-with-basehead", times: 2, answer: { kind: "status", status: 502, message: "Bad Gateway" } });
      h.github.injectFault({ path: "git/get-tree", answer: { kind: "drop" } });
      h.github.injectFault({ path: "repos/get-collaborator-permission-level", answer: { kind: "delay", ms: 300 } });
    });

    expectOneOfEach(result);
  });

  it("creates each PR, comment and check run once when GitHub did the write but lost its answer", async () => {
    const result = await promote(() => {
      h.github.injectFault({ path: "pulls/create", afterHandling: true, answer: { kind: "drop" } });
      h.github.injectFault({ path: "issues/create-comment", afterHandling: true, times: 2, answer: { kind: "status", status: 502, message: "Bad Gateway" } });
      h.github.injectFault({ path: "checks/create", afterHandling: true, answer: { kind: "status", status: 500 } });
    });

    expectOneOfEach(result);
    const failedWrites = h.github.requests.filter((r) => ["pulls/create", "issues/create-comment", "checks/create"].includes(r.operationId ?? "") && (r.status === 0 || r.status >= 500));
    expect(failedWrites.length).toBe(4);
  });

  it("waits out secondary rate limits (403 and 429 with Retry-After, also worded as abuse detection) and goes on", async () => {
    const result = await promote(() => {
      h.github.injectFault({ path: "issues/create-comment", answer: { kind: "secondary-rate-limit", retryAfterSeconds: 1 } });
      h.github.injectFault({ path: "pulls/create", answer: { kind: "secondary-rate-limit", retryAfterSeconds: 2, status: 429 } });
      h.github.injectFault({ path: "checks/create", answer: { kind: "secondary-rate-limit", retryAfterSeconds: 1, abuse: true } });
    });

    expectOneOfEach(result);
    expect(h.github.requests.filter((r) => r.status === 403 || r.status === 429).length).toBe(3);
    expect(result.checks).toHaveLength(1);
  });

  it("records one Deployment when the answer to creating it is lost", async () => {
    const repo = await h.newRepo(`flaky-${++n}`);
    await h.settle();
    h.github.injectFault({ path: "repos/create-deployment", afterHandling: true, answer: { kind: "status", status: 502, message: "Bad Gateway" } });

    const sha = await h.github.commit({ repo, branch: "staging", files: { "staging/note.txt": "x\n" }, message: "touch staging", as: "dana" });
    await h.settle();

    const deployments = h.github.deployments(repo).filter((d) => d.environment === "staging" && d.sha === sha);
    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.statuses.at(-1)?.state).toBe("success");
  });

  it("gives up on a request GitHub never answers after the timeout and says so", async () => {
    const quick = await startFerryHarness({ retryBaseMs: 5, githubTimeoutMs: 1000 });
    try {
      quick.github.setPermission({ user: "dana", permission: "maintain" });
      const issue = quick.github.createIssueAs({ title: "Release", as: "dana" });
      // Every attempt: the first and the retry plugin's three.
      quick.github.injectFault({ path: "repos/get-collaborator-permission-level", times: 4, answer: { kind: "silent" } });

      const command = quick.github.comment({ issue, body: "/promote production", as: "dana" });
      await quick.settle();

      expect(quick.github.pulls().filter((p) => p.pull?.headRef === "ferry/promote/production")).toEqual([]);
      expect(quick.github.reactions(command.id).map((r) => r.content)).toEqual(["eyes", "confused"]);
      expect(quick.github.comments(issue).filter((c) => c.user.login === "ferry[bot]").map((c) => c.body)).toEqual([expect.stringMatching(/GitHub failed while/)]);
    } finally {
      await quick.stop();
    }
  });
});
