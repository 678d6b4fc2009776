import { afterEach, describe, expect, it } from "vitest";
import type { GitHubTestServer } from "../support/github-server/github-test-server.ts";
import { startWithRepo } from "./harness.ts";

const repo = { owner: "acme", repo: "config" };
let gh: GitHubTestServer | undefined;
afterEach(async () => {
  await gh?.stop();
  gh = undefined;
});

describe("checking requests against GitHub's OpenAPI description", () => {
  it.each([
    {
      name: "records a body the description rejects and answers 422",
      call: (s: Awaited<ReturnType<typeof startWithRepo>>) => s.octokit.request("POST /repos/{owner}/{repo}/check-runs", { ...repo, name: "ferry", head_sha: "abc", status: "finished" as "completed" }),
      status: 422, kind: "request", problem: "body/status must be equal to one of the allowed values",
    },
    {
      name: "records more than 50 annotations in one request",
      call: (s: Awaited<ReturnType<typeof startWithRepo>>) => s.octokit.rest.checks.create({ ...repo, name: "ferry", head_sha: "abc", output: { title: "t", summary: "s", annotations: Array.from({ length: 51 }, () => ({ path: "a", start_line: 1, end_line: 1, annotation_level: "notice" as const, message: "m" })) } }),
      status: 422, kind: "request", problem: "body/output/annotations must NOT have more than 50 items",
    },
    {
      name: "records an endpoint GitHub does not have and answers 404",
      call: (s: Awaited<ReturnType<typeof startWithRepo>>) => s.octokit.request("POST /repos/{owner}/{repo}/promote", repo),
      status: 404, kind: "unknown-endpoint", problem: "POST /repos/acme/config/promote is not in GitHub's REST API description",
    },
    {
      name: "records a query parameter the operation does not define",
      call: (s: Awaited<ReturnType<typeof startWithRepo>>) => s.octokit.request("GET /repos/{owner}/{repo}/pulls", { ...repo, branch: "main" }),
      status: 422, kind: "request", problem: 'query parameter "branch" is not defined for pulls/list',
    },
  ])("$name", async ({ call, status, kind, problem }) => {
    const s = await startWithRepo();
    gh = s.gh;

    const answer = await call(s).then((r) => r.status, (e: { status: number }) => e.status);

    expect(answer).toBe(status);
    expect(gh.violations.map((v) => v.kind)).toEqual([kind]);
    expect(gh.violations[0]?.problems).toContainEqual(expect.stringContaining(problem));
  });

  it("completes and validates every answer of a promote-like session without violations", async () => {
    const s = await startWithRepo();
    gh = s.gh;
    const head = await gh.commit({ branch: "main", files: { "base/deployment.yaml": "replicas: 2\n" }, message: "scale", as: "alice" });
    await gh.pushBranch({ branch: "production", sha: (await gh.repo().git.readCommit(head))?.parents[0] ?? "" });
    gh.setPermission({ user: "alice", permission: "maintain" });
    gh.addTeamMember({ team: "sre", user: "alice" });

    const { data: perm } = await s.octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "alice" });
    const team = await s.octokit.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "alice" });
    const notInTeam = await s.octokit.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "bob" }).catch((e: { status: number }) => e);
    const { data: run } = await s.octokit.rest.checks.create({ ...repo, name: "ferry", head_sha: head, status: "in_progress" });
    await s.octokit.rest.checks.update({ ...repo, check_run_id: run.id, conclusion: "success", output: { title: "ok", summary: "fine" } });
    const { data: runs } = await s.octokit.rest.checks.listForRef({ ...repo, ref: head });
    await s.octokit.rest.repos.createCommitStatus({ ...repo, sha: head, state: "success", context: "ci" });
    const { data: combined } = await s.octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: head });
    const { data: deployment } = await s.octokit.rest.repos.createDeployment({ ...repo, ref: head, environment: "production", auto_merge: false, required_contexts: [] });
    const id = "id" in deployment ? deployment.id : 0;
    await s.octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: id, state: "success" });
    const { data: deployments } = await s.octokit.rest.repos.listDeployments({ ...repo, environment: "production", sha: head });
    const { data: statuses } = await s.octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id });

    expect(perm).toMatchObject({ permission: "write", role_name: "maintain" });
    expect(team.data).toMatchObject({ role: "member", state: "active" });
    expect(notInTeam.status).toBe(404);
    expect(runs.check_runs.map((r) => [r.name, r.status, r.conclusion])).toEqual([["ferry", "completed", "success"]]);
    expect(combined.state).toBe("success");
    expect(deployments.map((d) => d.id)).toEqual([id]);
    expect(statuses.map((x) => x.state)).toEqual(["success"]);
    expect(gh.violations).toEqual([]);
  });
});

describe("fault injection", () => {
  it.each([
    { name: "answers 500 for the next request to a path, then recovers", inject: (g: GitHubTestServer) => g.failNext({ path: "repos/get", times: 1 }), status: 500, header: undefined },
    { name: "answers a secondary rate limit with retry-after", inject: (g: GitHubTestServer) => g.rateLimitNext({ path: "/repos/acme/config", retryAfterSeconds: 7 }), status: 403, header: "7" },
  ])("$name", async ({ inject, status, header }) => {
    const s = await startWithRepo();
    gh = s.gh;
    inject(gh);

    const first = await s.octokit.rest.repos.get(repo).catch((e: { status: number; response?: { headers: Record<string, string> } }) => e);
    const second = await s.octokit.rest.repos.get(repo);

    expect([first.status, second.status]).toEqual([status, 200]);
    expect("response" in first ? first.response?.headers["retry-after"] : undefined).toBe(header);
    expect(gh.requests.filter((r) => r.operationId === "repos/get").map((r) => r.status)).toEqual([status, 200]);
  });
});
