/**
 * The dashboard of a repository with 3 environments (dev → staging → production), 500
 * GitHub Deployments and 2 open promotion PRs: wall time and GitHub requests of one page
 * view on a cold cache, a warm one (within the TTL) and one after the TTL (conditional
 * requests answered 304), counted by the GitHub test server. The alternative is what a
 * script that answers the same questions without Ferry does: list every Deployment
 * (5 pages), read each one's latest status, one compare per edge, the open PRs and each
 * PR's check and reviews, with no cache.
 */
import { Octokit } from "@octokit/rest";
import { startFerryServer } from "../src/start-server.ts";
import { DashboardClient } from "../test/support/dashboard-client.ts";
import { GitHubTestServer } from "../test/support/github-server/github-test-server.ts";
import type { DeploymentState } from "../test/support/github-server/state.ts";

const DEPLOYMENTS = 500;
const ENVS = ["dev", "staging", "production"];
const TTL_SECONDS = 5;

export async function run(): Promise<void> {
  const github = await GitHubTestServer.start({ checkResponses: false });
  const settings = "environments:\n  - name: dev\n  - name: staging\n    promotesFrom: dev\n  - name: production\n    promotesFrom: staging\n";
  const files: Record<string, string> = { ".github/ferry.yml": settings };
  for (const e of ENVS) files[`${e}/app.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: ${e}\ndata:\n  v: "1"\n`;
  const repo = await github.createRepo({ name: "config", files });
  const base = (await repo.git.git(["rev-parse", "main"])).trim();
  for (const e of ENVS) await repo.git.git(["update-ref", `refs/heads/${e}`, base]);
  const ferry = await startFerryServer({ env: { ...github.env(), FERRY_DASHBOARD_CACHE_SECONDS: String(TTL_SECONDS) }, logLevel: "silent" });
  github.setWebhookUrl(ferry.webhookUrl);
  try {
    github.setPermission({ user: "dana", permission: "maintain" });
    // Two waiting changes and their promotion PRs.
    const first = await github.commit({ branch: "dev", files: { "dev/app.yaml": files["dev/app.yaml"]!.replace('"1"', '"2"') }, message: "first change", as: "dana" });
    const second = await github.commit({ branch: "dev", files: { "dev/app.yaml": files["dev/app.yaml"]!.replace('"1"', '"3"') }, message: "second change", as: "dana" });
    await repo.git.git(["update-ref", "refs/heads/staging", first]);
    await repo.git.git(["update-ref", "refs/heads/ferry/promote/staging", second]);
    await repo.git.git(["update-ref", "refs/heads/ferry/promote/production", first]);
    await github.openPullRequest({ head: "ferry/promote/staging", base: "staging", title: "Promote dev to staging", as: "dana" });
    await github.openPullRequest({ head: "ferry/promote/production", base: "production", title: "Promote staging to production", as: "dana" });
    // 500 Deployments with a final status each, spread over the environments (added to the server's state directly: the API path is not what is measured).
    for (let i = 0; i < DEPLOYMENTS; i++) {
      const environment = ENVS[i % ENVS.length]!;
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      const d: DeploymentState = { id: 100_000 + i, sha: base, ref: base, task: "deploy", environment, payload: {}, description: null, creator: github.repo().owner, createdAt: at, transient: false, production: environment === "production", statuses: [{ id: 200_000 + i, state: i % 7 === 0 ? "failure" : "success", description: "", environment, logUrl: "", environmentUrl: "", creator: github.repo().owner, createdAt: at }] };
      repo.deployments.set(d.id, d);
    }
    await github.settled();
    await ferry.idle();

    const client = new DashboardClient(new URL(ferry.dashboardUrl).origin);
    await client.signIn(github, "dana");
    const view = async () => {
      github.clearLogs();
      const started = performance.now();
      const answer = await client.request("/dashboard/acme/config");
      if (answer.status !== 200) throw new Error(`dashboard answered ${answer.status}`);
      const ms = performance.now() - started;
      return { ms, requests: github.requests.length, full: github.requests.filter((r) => r.status !== 304).length };
    };
    const cold = await view();
    const warm = await view();
    await new Promise((done) => setTimeout(done, TTL_SECONDS * 1000 + 200));
    const revalidated = await view();

    // The same answers without Ferry's cache or its final-status memory.
    github.clearLogs();
    const started = performance.now();
    const octokit = new Octokit({ auth: github.issueInstallationToken(), baseUrl: github.apiUrl });
    const ids = { owner: "acme", repo: "config" };
    github.clearLogs();
    const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, { ...ids, per_page: 100 });
    for (const d of deployments) await octokit.rest.repos.listDeploymentStatuses({ ...ids, deployment_id: d.id, per_page: 1 });
    for (const [from, to] of [["dev", "staging"], ["staging", "production"]]) await octokit.rest.repos.compareCommitsWithBasehead({ ...ids, basehead: `${to}...${from}` });
    const pulls = await octokit.rest.pulls.list({ ...ids, state: "open" });
    for (const p of pulls.data) {
      await octokit.rest.checks.listForRef({ ...ids, ref: p.head.sha, check_name: "ferry/policy" });
      await octokit.rest.pulls.listReviews({ ...ids, pull_number: p.number });
    }
    for (const e of ENVS) await octokit.rest.repos.getBranch({ ...ids, branch: e });
    const naive = { ms: performance.now() - started, requests: github.requests.length };

    console.log(`dashboard of 3 environments, ${DEPLOYMENTS} Deployments, 2 open PRs (cache TTL ${TTL_SECONDS} s)`);
    console.log("| view | wall time | GitHub requests | of them full answers (not 304) |");
    console.log("| --- | ---: | ---: | ---: |");
    console.log(`| cold cache | ${cold.ms.toFixed(0)} ms | ${cold.requests} | ${cold.full} |`);
    console.log(`| warm (within the TTL) | ${warm.ms.toFixed(0)} ms | ${warm.requests} | ${warm.full} |`);
    console.log(`| after the TTL (ETags) | ${revalidated.ms.toFixed(0)} ms | ${revalidated.requests} | ${revalidated.full} |`);
    console.log(`| a script without cache | ${naive.ms.toFixed(0)} ms | ${naive.requests} | ${naive.requests} |`);
    console.log(`ratio cold/script: requests ${(cold.requests / naive.requests).toFixed(3)}×, time ${(cold.ms / naive.ms).toFixed(2)}×; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await ferry.stop();
    await github.stop();
  }
}
