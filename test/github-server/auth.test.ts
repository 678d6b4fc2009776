import { afterEach, describe, expect, it } from "vitest";
import { Octokit } from "@octokit/rest";
import type { GitHubTestServer } from "../support/github-server/github-test-server.ts";
import { appJwt, startWithRepo } from "./harness.ts";

let gh: GitHubTestServer | undefined;
afterEach(async () => {
  await gh?.stop();
  gh = undefined;
});

describe("app authentication", () => {
  it("exchanges a JWT for an installation token that reads the repository", async () => {
    const started = await startWithRepo();
    gh = started.gh;

    const { data } = await started.octokit.rest.repos.get({ owner: "acme", repo: "config" });

    expect(data).toMatchObject({ full_name: "acme/config", default_branch: "main", owner: { login: "acme", type: "Organization" } });
    expect(gh.violations).toEqual([]);
  });

  it.each([
    { name: "rejects a repository call without credentials", auth: undefined },
    { name: "rejects a repository call with an unknown token", auth: "ghs_nope" },
  ])("$name", async ({ auth }) => {
    const started = await startWithRepo();
    gh = started.gh;
    const octokit = new Octokit({ baseUrl: gh.apiUrl, ...(auth ? { auth } : {}) });

    const status = await octokit.rest.repos.get({ owner: "acme", repo: "config" }).then(() => 200, (e: { status: number }) => e.status);

    expect(status).toBe(401);
    expect(gh.violations.map((v) => v.kind)).toEqual(["auth"]);
  });

  it.each([
    { name: "rejects a JWT for another app", claims: { iss: 999 } },
    { name: "rejects an expired JWT", claims: { exp: 1000, iat: 500 } },
  ])("$name", async ({ claims }) => {
    const started = await startWithRepo();
    gh = started.gh;
    const octokit = new Octokit({ baseUrl: gh.apiUrl, auth: appJwt(gh, claims) });

    const status = await octokit.rest.apps.getAuthenticated().then(() => 200, (e: { status: number }) => e.status);

    expect(status).toBe(401);
  });

  it("rejects an installation token on an app endpoint", async () => {
    const started = await startWithRepo();
    gh = started.gh;

    const status = await started.octokit.rest.apps.getAuthenticated().then(() => 200, (e: { status: number }) => e.status);

    expect(status).toBe(401);
  });
});
