/**
 * Reads one repository's dashboard input from GitHub (installation token) and its
 * clusters. The GitHub requests per view are fixed by the settings, never by the
 * number of commits (docs/dashboard.md states the count):
 *
 * - the repository, `.github/ferry.yml` on the default branch, the branches (one page
 *   per 100), the open PRs (one page per 100): 4;
 * - per environment: its Deployments (the newest 20: one request) and the latest status
 *   of each one whose outcome is not final yet (success, failure, error and inactive
 *   are final and remembered by Deployment id): up to 20 on a cold cache;
 * - per distinct commit shown (branch heads, what runs): one, never again (a SHA's
 *   commit does not change);
 * - per edge: one compare, which carries the waiting commits;
 * - per open promotion or rollback PR: its `ferry/policy` check and its reviews: 2;
 * - drift: the head's tree (one request) and tarball (two) per new head SHA, cached.
 *
 * Everything goes through the ConditionalCache, so a view within the TTL costs nothing
 * and one after it costs 304s.
 */
import { parseSettings, SETTINGS_FILE, type Settings } from "../../config/index.ts";
import { DEPLOYMENT_STATES, runningShaOf, type ClusterReading, type CommitReading, type DashboardInput, type DeploymentReading, type DeploymentState, type EdgeReading, type PullReading } from "../../core/dashboard/index.ts";
import { isAppError } from "../../errors.ts";
import type { Clock, ClusterConnector } from "../../workflows/ports.ts";
import { readClusterStates } from "../../workflows/read-cluster-states.ts";
import type { BlobCache } from "../git/blob-cache.ts";
import { httpStatusOf, wrapGitHubError, type GitHubClient } from "../github/github-client.ts";
import { openGitHubFileTree } from "../github/github-file-tree.ts";

const FINAL: ReadonlySet<DeploymentState> = new Set(["success", "failure", "error", "inactive"]);

/** What the reader keeps between views. */
export interface DashboardMemory {
  /** Final Deployment outcomes by Deployment id. */
  readonly finalStates: Map<number, DeploymentState>;
  /** Cluster readings by `repo/env@sha`, with when they were read (ms). */
  readonly clusterReadings: Map<string, { at: number; readings: Promise<ClusterReading[]> }>;
}

/** Inputs of {@link readDashboardInput}. */
export interface ReadDashboardInputParams {
  readonly client: GitHubClient;
  readonly blobCache: BlobCache;
  readonly memory: DashboardMemory;
  readonly connect?: ClusterConnector;
  /** How long a cluster reading (health, Lease, drift) is reused (ms). */
  readonly clusterTtlMs: number;
  readonly clock: Clock;
}

/** Returns the dashboard input of `client.owner/client.repo`; throws AppError("github-failed") when GitHub cannot be read. */
export async function readDashboardInput(params: ReadDashboardInputParams): Promise<DashboardInput> {
  const { client, memory } = params;
  const { octokit, owner, repo } = client;
  const ids = { owner, repo };
  const readAt = params.clock.now().toISOString();
  try {
    // 1. The repository and its settings (default branch: a PR cannot change what is shown).
    const { data: meta } = await octokit.rest.repos.get(ids);
    const base = { repo: { owner, name: repo, url: meta.html_url, defaultBranch: meta.default_branch }, readAt };
    const settings = await readSettings(client, meta.default_branch);
    if (typeof settings === "string") return { ...base, environments: [], edges: [], pulls: [], notes: [], settingsError: settings };

    // 2. Branches, open PRs and each environment's Deployments.
    const [branches, pulls, deployments] = await Promise.all([
      octokit.paginate(octokit.rest.repos.listBranches, { ...ids, per_page: 100 }),
      octokit.paginate(octokit.rest.pulls.list, { ...ids, state: "open", per_page: 100 }),
      Promise.all(settings.environments.map((env) => readDeployments(client, memory, env.name, meta.html_url))),
    ]);
    const heads = new Map(branches.map((b) => [b.name, b.commit.sha]));
    const commitCache = new Map<string, Promise<CommitReading>>();
    const commit = (sha: string) => (commitCache.has(sha) ? commitCache.get(sha)! : commitCache.set(sha, readCommit(client, meta.html_url, sha)).get(sha)!);

    // 3. Per environment: head and running commit; per cluster: what the cluster says.
    const environments = await Promise.all(
      settings.environments.map(async (env, i) => {
        const headSha = heads.get(env.branch);
        const list = deployments[i] ?? [];
        const running = runningShaOf(list);
        const clusters = params.connect ? await readClusters(params, settings, env, headSha) : env.clusters.map((cluster) => ({ cluster, error: "Ferry has no credentials for this cluster (FERRY_CLUSTERS)" }));
        return {
          name: env.name, branch: env.branch, approvalsRequired: env.merge.approvals, clusterNames: env.clusters,
          ...(env.promotesFrom !== undefined && { promotesFrom: env.promotesFrom }),
          ...(headSha && { head: await commit(headSha) }),
          ...(running && running !== headSha && { deployedCommit: await commit(running) }),
          deployments: list,
          clusters,
        };
      }),
    );

    // 4. One compare per edge; the PR's check and reviews per promotion or rollback PR.
    const edges = await Promise.all(settings.environments.filter((e) => e.promotesFrom !== undefined).map((env) => readEdge(client, settings, env.promotesFrom ?? "", env.name)));
    const envByBranch = new Map(settings.environments.map((e) => [e.branch, e.name]));
    const ferryPulls = pulls.flatMap((p) => {
      const m = /^ferry\/(promote|rollback)\/(.+)$/.exec(p.head.ref);
      const environment = envByBranch.get(p.base.ref);
      return m && environment !== undefined && environment === m[2] ? [{ p, kind: m[1] === "promote" ? ("promotion" as const) : ("rollback" as const), environment }] : [];
    });
    const pullReadings = await Promise.all(ferryPulls.map(({ p, kind, environment }) => readPull(client, { number: p.number, title: p.title, url: p.html_url, kind, environment, headSha: p.head.sha, author: p.user?.login ?? "", createdAt: p.created_at })));
    return { ...base, environments, edges, pulls: pullReadings, notes: [] };
  } catch (error) {
    throw wrapGitHubError(error, `reading the dashboard of ${owner}/${repo}`);
  }
}

async function readSettings(client: GitHubClient, ref: string): Promise<Settings | string> {
  let text: string;
  try {
    const { data } = await client.octokit.rest.repos.getContent({ owner: client.owner, repo: client.repo, path: SETTINGS_FILE, ref, mediaType: { format: "raw" } });
    text = String(data);
  } catch (error) {
    if (httpStatusOf(error) === 404) return `this repository has no ${SETTINGS_FILE} on its default branch, so Ferry does not know its environments; add one (see docs/settings.md)`;
    throw error;
  }
  try {
    return parseSettings(text, SETTINGS_FILE);
  } catch (error) {
    if (isAppError(error)) return error.message;
    throw error;
  }
}

async function readDeployments(client: GitHubClient, memory: DashboardMemory, environment: string, repoUrl: string): Promise<DeploymentReading[]> {
  const { octokit, owner, repo } = client;
  const { data } = await octokit.rest.repos.listDeployments({ owner, repo, environment, per_page: 20 });
  return Promise.all(
    data.map(async (d): Promise<DeploymentReading> => {
      let state = memory.finalStates.get(d.id);
      if (state === undefined) {
        const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: d.id, per_page: 1 });
        const latest = statuses[0]?.state;
        state = (DEPLOYMENT_STATES as readonly string[]).includes(latest ?? "") ? (latest as DeploymentState) : "pending";
        if (FINAL.has(state)) memory.finalStates.set(d.id, state);
      }
      return { id: d.id, sha: d.sha, state, createdAt: d.created_at, url: `${repoUrl}/commit/${d.sha}`, ...(d.description && { description: d.description }) };
    }),
  );
}

async function readCommit(client: GitHubClient, repoUrl: string, sha: string): Promise<CommitReading> {
  const { data } = await client.octokit.rest.git.getCommit({ owner: client.owner, repo: client.repo, commit_sha: sha });
  return { sha, title: data.message.split("\n")[0] ?? "", author: data.author.name, date: data.committer.date, url: `${repoUrl}/commit/${sha}` };
}

async function readEdge(client: GitHubClient, settings: Settings, from: string, to: string): Promise<EdgeReading> {
  const branch = (name: string) => settings.environments.find((e) => e.name === name)?.branch ?? name;
  try {
    // Branch names, not SHAs, so the URL stays the same between pushes and the ETag answers 304 when nothing moved.
    const { data } = await client.octokit.rest.repos.compareCommitsWithBasehead({ owner: client.owner, repo: client.repo, basehead: `${branch(to)}...${branch(from)}` });
    const commits = data.commits.map((c) => ({ sha: c.sha, title: c.commit.message.split("\n")[0] ?? "", author: c.author?.login ?? c.commit.author?.name ?? "", ...(c.commit.committer?.date && { date: c.commit.committer.date }), url: c.html_url }));
    return { from, to, comparison: { status: data.status, aheadBy: data.ahead_by, behindBy: data.behind_by, commits } };
  } catch (error) {
    if (httpStatusOf(error) === 404) return { from, to, error: `a branch is missing or ${from} and ${to} share no history` };
    throw error;
  }
}

async function readPull(client: GitHubClient, p: Omit<PullReading, "policy" | "approvedBy">): Promise<PullReading> {
  const ids = { owner: client.owner, repo: client.repo };
  const [checks, reviews] = await Promise.all([
    client.octokit.rest.checks.listForRef({ ...ids, ref: p.headSha, check_name: "ferry/policy", filter: "latest", per_page: 1 }),
    client.octokit.rest.pulls.listReviews({ ...ids, pull_number: p.number, per_page: 100 }),
  ]);
  const run = checks.data.check_runs[0];
  // The latest review of each reviewer counts, and only when it approves the head.
  const latest = new Map<string, { state: string; commit: string | null | undefined }>();
  for (const r of reviews.data) if (r.user && r.state !== "COMMENTED") latest.set(r.user.login, { state: r.state, commit: r.commit_id });
  const approvedBy = [...latest].filter(([, r]) => r.state === "APPROVED" && r.commit === p.headSha).map(([login]) => login).sort();
  const policy = run && { status: run.status as "queued" | "in_progress" | "completed", ...(run.conclusion && { conclusion: run.conclusion }), ...(run.output.title && { title: run.output.title }), ...(run.output.summary && { summary: run.output.summary }), ...(run.html_url && { url: run.html_url }) };
  return { ...p, approvedBy, ...(policy && { policy }) };
}

async function readClusters(params: ReadDashboardInputParams, settings: Settings, env: Settings["environments"][number], headSha: string | undefined): Promise<ClusterReading[]> {
  const { memory, client } = params;
  const key = `${client.owner}/${client.repo}/${env.name}@${headSha ?? ""}`;
  const now = params.clock.now().getTime();
  const hit = memory.clusterReadings.get(key);
  if (hit && now - hit.at < params.clusterTtlMs) return hit.readings;
  const head = headSha ? { sha: headSha, tree: () => openGitHubFileTree({ client, sha: headSha, cache: params.blobCache }) } : undefined;
  const readings = readClusterStates({ environment: env, ...(head && { head }), ignore: settings.drift.ignore, connect: params.connect!, clock: params.clock });
  memory.clusterReadings.set(key, { at: now, readings });
  readings.catch(() => memory.clusterReadings.delete(key));
  for (const oldest of memory.clusterReadings.keys()) {
    if (memory.clusterReadings.size <= 500) break;
    memory.clusterReadings.delete(oldest);
  }
  return readings;
}
