/**
 * Finishes the apply a stopped replica left behind. A replica killed mid-apply (OOM,
 * node loss, a shutdown deadline passed) leaves its GitHub Deployment `in_progress` and
 * its apply Lease to expire. When an environment's newest Deployment is still pending or
 * in progress, older than a Lease lasts, and no live replica holds the environment's
 * apply Lease, the Deployment is marked `error` ("interrupted") and the environment's
 * branch head is applied again, recorded as usual. So no Deployment stays `in_progress`
 * forever, and what the branch says is what runs.
 */
import type { EnvironmentSettings } from "../../config/index.ts";
import type { EnvironmentOutcome } from "../../core/plan/index.ts";
import type { ClusterConnector } from "../../workflows/ports.ts";
import type { AppDeps } from "./app-deps.ts";
import { applyCommit } from "./handle-apply-push.ts";
import type { GitHubClient } from "./github-client.ts";

/** What a recovery check found. */
export type Recovery =
  | { readonly status: "none" }
  | { readonly status: "not-leader" }
  | { readonly status: "running"; readonly holder: string }
  | { readonly status: "recovered"; readonly interrupted: number; readonly outcome: EnvironmentOutcome };

const UNFINISHED = new Set(["pending", "queued", "in_progress"]);

/** Returns what was found and done for one environment; see the module comment. */
export async function recoverInterruptedApply(params: {
  client: GitHubClient;
  deps: AppDeps & { connectCluster: ClusterConnector };
  environment: EnvironmentSettings;
  leaseSeconds: number;
  now: () => number;
  /** Returns whether this replica is the one to recover the environment (the drift schedule's leader). */
  lead: () => Promise<boolean>;
}): Promise<Recovery> {
  const { client, deps, environment: env } = params;
  const { octokit, owner, repo } = client;
  // 1. The newest Deployment of the environment, and its latest status.
  const [deployment] = (await octokit.rest.repos.listDeployments({ owner, repo, environment: env.name, per_page: 1 })).data;
  if (!deployment) return { status: "none" };
  const [latest] = (await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: deployment.id, per_page: 1 })).data;
  const state = latest?.state ?? "pending";
  const since = Date.parse(latest?.updated_at ?? deployment.updated_at);
  if (!UNFINISHED.has(state) || params.now() - since < params.leaseSeconds * 1000) return { status: "none" };

  if (!(await params.lead())) return { status: "not-leader" };

  // 2. Still applied somewhere? The apply Lease answers: held means a live replica renews it.
  for (const cluster of env.clusters) {
    const lock = await (await deps.connectCluster(cluster)).acquire({ environment: env.name, sha: deployment.sha, waitSeconds: 0 });
    if (lock.status === "busy") return { status: "running", holder: lock.holder };
    if (lock.status === "acquired") await lock.release();
  }

  // 3. Close the interrupted record, then apply what the branch says now.
  const { data: branch } = await octokit.rest.repos.getBranch({ owner, repo, branch: env.branch });
  await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: deployment.id, state: "error", description: `interrupted: the replica applying it stopped; Ferry applies ${branch.commit.sha.slice(0, 7)} again` });
  const outcome = await applyCommit({ client, deps, environment: env, sha: branch.commit.sha, description: `Ferry re-applies ${branch.commit.sha.slice(0, 7)} to ${env.name} after an interrupted apply` });
  return { status: "recovered", interrupted: deployment.id, outcome };
}
