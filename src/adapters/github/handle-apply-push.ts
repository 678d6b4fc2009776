/**
 * `push` to an environment branch: applies the environment at the pushed SHA to its
 * clusters and records it as a GitHub Deployment, a `ferry/apply` status and a comment
 * on the merged promotion PR. Does nothing when Ferry has no cluster credentials.
 */
import type { Context } from "probot";
import { isAppError } from "../../errors.ts";
import { applyEnvironment } from "../../workflows/apply-environment.ts";
import { applyThroughEngine } from "../../workflows/apply-through-engine.ts";
import { applyOnPush } from "../../workflows/apply-on-push.ts";
import type { AppDeps } from "./app-deps.ts";
import type { GitHubClient } from "./github-client.ts";
import type { EnvironmentSettings } from "../../config/index.ts";
import type { EnvironmentOutcome } from "../../core/plan/index.ts";
import type { ClusterConnector } from "../../workflows/ports.ts";
import { loadSettings } from "./load-settings.ts";
import { OctokitDeploymentRecorder } from "./octokit-deployment-recorder.ts";
import { OctokitRepoHost } from "./octokit-repo-host.ts";

/** Handles one push delivery for apply. */
export async function handleApplyPush(context: Context<"push">, deps: AppDeps): Promise<void> {
  const { ref, after, deleted } = context.payload;
  const connect = deps.connectCluster;
  if (deleted || !ref.startsWith("refs/heads/") || !connect || ref.startsWith("refs/heads/ferry/")) return;
  // Ferry's own promotion and rollback branches are never environment branches: no settings read.
  const settings = await loadSettings(context).catch((error: unknown) => {
    if (isAppError(error)) return undefined;
    throw error;
  });
  const env = settings?.environments.find((e) => e.branch === ref.slice("refs/heads/".length));
  if (!env) return;
  const { owner, repo } = context.repo();
  // The repository's `cluster` settings (timeouts, concurrency) apply to every request.
  const connectCluster: ClusterConnector = (name) => connect(name, settings?.cluster);
  const outcome = await applyCommit({ client: { octokit: context.octokit, owner, repo }, deps: { ...deps, connectCluster }, environment: env, sha: after });
  const log = context.log.child({ env: env.name, sha: after });
  // Only names, statuses and codes: object data and server messages stay out of logs.
  log.info({ status: outcome.status, clusters: outcome.clusters.map((c) => ({ cluster: c.cluster, status: c.status, code: c.code })) }, "environment applied");
}

/**
 * Applies `sha` to an environment's clusters and records it (Deployment, `ferry/apply`
 * status, comment on the merged PR): the path of a push and of a break-glass rollback.
 */
export async function applyCommit(params: { client: GitHubClient; deps: AppDeps & { connectCluster: ClusterConnector }; environment: EnvironmentSettings; sha: string; description?: string }): Promise<EnvironmentOutcome> {
  const { client, deps, environment: env, sha } = params;
  const host = new OctokitRepoHost(client, deps.blobCache);
  const outcome = await applyOnPush({
    comments: host,
    recorder: new OctokitDeploymentRecorder(client),
    environment: env,
    sha,
    ...(params.description && { description: params.description }),
    apply: async () => {
      try {
        const clock = { now: () => new Date() };
        const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
        // An engine renders from git itself: reading the commit's tree would only cost time.
        const engine = env.apply.engine;
        if (engine !== "ferry") return await applyThroughEngine({ environment: { ...env, apply: { ...env.apply, engine } }, sha, connect: deps.connectCluster, clock, sleep, branchHead: () => host.branchSha(env.branch) });
        const tree = await host.openTree(sha);
        return await applyEnvironment({ tree, environment: env, sha, connect: deps.connectCluster, clock, sleep, renderers: deps.renderers, ...(deps.metrics && { metrics: deps.metrics }) });
      } catch (error) {
        if (!isAppError(error)) throw error;
        const failed = { status: "failed" as const, code: error.code, message: error.message, findings: [], results: [], health: [] };
        return { environment: env.name, sha, status: "failed", clusters: env.clusters.map((cluster) => ({ cluster, ...failed })) };
      }
    },
  });
  for (const cluster of outcome.clusters) deps.metrics?.apply({ environment: env.name, cluster: cluster.cluster, outcome: cluster.status });
  return outcome;
}
