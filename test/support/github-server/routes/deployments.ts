/**
 * Deployments and deployment statuses. Ferry records applies as deployments; the
 * fake stores them as given (no auto-merge of the default branch, no required
 * contexts check) because Ferry creates them only after it has applied.
 */
import type { ServerCore } from "../core.ts";
import { appShape, nodeId, simpleUser } from "../shapes/account.ts";
import { notFound, validationFailed, type DeploymentState, type DeploymentStatusState, type RepoState } from "../state.ts";
import { intParam, page, queryValue, repoOf, type Routes } from "./context.ts";

function deploymentShape(core: ServerCore, repo: RepoState, d: DeploymentState): Record<string, unknown> {
  const url = `${core.apiUrl}/repos/${repo.fullName}/deployments/${d.id}`;
  return {
    url, id: d.id, node_id: nodeId("DE", d.id), sha: d.sha, ref: d.ref, task: d.task, payload: d.payload,
    original_environment: d.environment, environment: d.environment, description: d.description,
    creator: simpleUser(core, d.creator), created_at: d.createdAt, updated_at: d.statuses.at(-1)?.createdAt ?? d.createdAt,
    statuses_url: `${url}/statuses`, repository_url: `${core.apiUrl}/repos/${repo.fullName}`,
    transient_environment: d.transient, production_environment: d.production,
    performed_via_github_app: d.creator.login === core.bot.login ? appShape(core) : null,
  };
}

function statusShape(core: ServerCore, repo: RepoState, d: DeploymentState, s: DeploymentStatusState): Record<string, unknown> {
  const url = `${core.apiUrl}/repos/${repo.fullName}/deployments/${d.id}`;
  return {
    url: `${url}/statuses/${s.id}`, id: s.id, node_id: nodeId("DES", s.id), state: s.state, creator: simpleUser(core, s.creator),
    description: s.description, environment: s.environment, target_url: s.logUrl, created_at: s.createdAt, updated_at: s.createdAt,
    deployment_url: url, repository_url: `${core.apiUrl}/repos/${repo.fullName}`,
    ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
    ...(s.logUrl ? { log_url: s.logUrl } : {}),
    performed_via_github_app: null,
  };
}

function deploymentOf(repo: RepoState, id: number): DeploymentState {
  const d = repo.deployments.get(id);
  if (d === undefined) throw notFound();
  return d;
}

/** Deployment routes. */
export const deploymentRoutes: Routes = {
  "repos/create-deployment": async (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as { ref: string; task?: string; payload?: unknown; environment?: string; description?: string | null; transient_environment?: boolean; production_environment?: boolean };
    const sha = await repo.git.resolveCommit(b.ref);
    if (sha === undefined) throw validationFailed(`No ref found for: ${b.ref}`);
    const environment = b.environment ?? "production";
    const payload = typeof b.payload === "string" ? (JSON.parse(b.payload || "{}") as unknown) : (b.payload ?? {});
    const d: DeploymentState = { id: ctx.core.nextId(), sha, ref: b.ref, task: b.task ?? "deploy", environment, payload, description: b.description ?? null, creator: ctx.actor, createdAt: ctx.core.now(), transient: b.transient_environment ?? false, production: b.production_environment ?? environment === "production", statuses: [] };
    repo.deployments.set(d.id, d);
    return { status: 201, body: deploymentShape(ctx.core, repo, d) };
  },
  "repos/list-deployments": (ctx) => {
    const repo = repoOf(ctx);
    const [sha, ref, task, env] = ["sha", "ref", "task", "environment"].map((k) => queryValue(ctx, k));
    const list = [...repo.deployments.values()].filter((d) => (sha === undefined || d.sha === sha) && (ref === undefined || d.ref === ref) && (task === undefined || d.task === task) && (env === undefined || d.environment === env)).sort((a, b) => b.id - a.id);
    return page(ctx, list.map((d) => deploymentShape(ctx.core, repo, d)));
  },
  "repos/get-deployment": (ctx) => {
    const repo = repoOf(ctx);
    return { status: 200, body: deploymentShape(ctx.core, repo, deploymentOf(repo, intParam(ctx, "deployment_id"))) };
  },
  "repos/create-deployment-status": (ctx) => {
    const repo = repoOf(ctx);
    const d = deploymentOf(repo, intParam(ctx, "deployment_id"));
    const b = ctx.body as { state: string; log_url?: string; target_url?: string; description?: string; environment?: string; environment_url?: string };
    const s: DeploymentStatusState = { id: ctx.core.nextId(), state: b.state, description: b.description ?? "", environment: b.environment ?? d.environment, // GitHub answers "" for a status without a log URL.
      logUrl: b.log_url ?? b.target_url ?? "", environmentUrl: b.environment_url ?? "", creator: ctx.actor, createdAt: ctx.core.now() };
    d.statuses.push(s);
    return { status: 201, body: statusShape(ctx.core, repo, d, s) };
  },
  "repos/list-deployment-statuses": (ctx) => {
    const repo = repoOf(ctx);
    const d = deploymentOf(repo, intParam(ctx, "deployment_id"));
    return page(ctx, [...d.statuses].reverse().map((s) => statusShape(ctx.core, repo, d, s)));
  },
};
