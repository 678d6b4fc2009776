import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConditionalCache } from "../../../src/adapters/dashboard/index.ts";
import { GitHubTestServer } from "../../support/github-server/github-test-server.ts";

/** The dashboard's cache in front of GitHub, counted on the GitHub test server (a clock is injected; nothing is timed). */
describe("ConditionalCache", () => {
  let gh: GitHubTestServer;
  beforeAll(async () => {
    gh = await GitHubTestServer.start();
    await gh.createRepo({ name: "config", files: { "README.md": "x" } });
  });
  afterAll(async () => gh.stop());

  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  function setup() {
    let now = 1_000_000;
    const cache = new ConditionalCache({ ttlMs: 10_000, now: () => now });
    const octokit = new Octokit({ auth: gh.issueInstallationToken(), baseUrl: gh.apiUrl, log: quiet });
    cache.install(octokit as never, "installation:1");
    gh.clearLogs();
    return { cache, octokit, advance: (ms: number) => void (now += ms) };
  }

  it("sends nothing within the TTL, a conditional request after it, and reuses the body on 304", async () => {
    const { cache, octokit, advance } = setup();

    const first = await octokit.rest.repos.get({ owner: "acme", repo: "config" });
    const fresh = await octokit.rest.repos.get({ owner: "acme", repo: "config" });
    advance(10_001);
    const revalidated = await octokit.rest.repos.get({ owner: "acme", repo: "config" });

    expect(gh.requests.map((r) => r.status)).toEqual([200, 304]);
    expect([fresh.data.full_name, revalidated.data.full_name]).toEqual([first.data.full_name, first.data.full_name]);
    expect(cache.counters).toEqual({ fresh: 1, revalidated: 1, fetched: 1 });
  });

  it("fetches in full when the answer changed", async () => {
    const { octokit, advance } = setup();
    await octokit.rest.repos.listBranches({ owner: "acme", repo: "config" });
    await gh.commit({ branch: "feature", files: { "a.txt": "a" }, message: "new branch", parents: [] });
    advance(10_001);

    const branches = await octokit.rest.repos.listBranches({ owner: "acme", repo: "config" });

    expect(gh.requests.filter((r) => r.operationId === "repos/list-branches").map((r) => r.status)).toEqual([200, 200]);
    expect(branches.data.map((b) => b.name)).toContain("feature");
  });

  it("never asks again for a URL naming a full commit SHA", async () => {
    const { octokit, advance } = setup();
    const sha = (await gh.repo().git.git(["rev-parse", "main"])).trim();
    const ids = { owner: "acme", repo: "config", commit_sha: sha };

    await octokit.rest.git.getCommit(ids);
    advance(3_600_000);
    const again = await octokit.rest.git.getCommit(ids);

    expect(gh.requests.filter((r) => r.operationId === "git/get-commit")).toHaveLength(1);
    expect(again.data.sha).toBe(sha);
  });
});
