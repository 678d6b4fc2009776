/**
 * Check runs (with annotations sent in batches of at most 50, as GitHub requires)
 * and commit statuses with the combined status.
 */
import type { ServerCore } from "../core.ts";
import { appShape, nodeId, repositoryShape, simpleUser } from "../shapes/account.ts";
import { isPull } from "../shapes/pull.ts";
import { notFound, validationFailed, type CheckRunState, type RepoState, type StatusState, type User } from "../state.ts";
import { intParam, page, queryValue, repoOf, type Routes } from "./context.ts";
import { resolveRev } from "./repos.ts";

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: string;
  started_at?: string;
  conclusion?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: Record<string, unknown>[] };
  actions?: Record<string, unknown>[];
}

/** Returns a `check-run`. */
export function checkRunShape(core: ServerCore, repo: RepoState, run: CheckRunState): Record<string, unknown> {
  const url = `${core.apiUrl}/repos/${repo.fullName}/check-runs/${run.id}`;
  const pulls = [...repo.issues.values()].filter(isPull).filter((i) => i.state === "open" && i.pull.headSha === run.headSha);
  const side = (ref: string, sha: string) => ({ ref, sha, repo: { id: repo.id, url: `${core.apiUrl}/repos/${repo.fullName}`, name: repo.name } });
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CR", run.id),
    // GitHub sends "" and the run's page when these are unset (webhook schemas require strings).
    external_id: run.externalId ?? "",
    url,
    html_url: `${core.options.url}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${core.options.url}/${repo.fullName}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: run.annotations.length, annotations_url: `${url}/annotations` },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: appShape(core),
    pull_requests: pulls.map((p) => ({ url: `${core.apiUrl}/repos/${repo.fullName}/pulls/${p.number}`, id: p.pull.id, number: p.number, head: side(p.pull.headRef, p.pull.headSha), base: side(p.pull.baseRef, "") })),
  };
}

function applyCheckRun(core: ServerCore, run: CheckRunState, b: CheckRunBody): void {
  if (b.name !== undefined) run.name = b.name;
  if (b.details_url !== undefined) run.detailsUrl = b.details_url;
  if (b.external_id !== undefined) run.externalId = b.external_id;
  if (b.started_at !== undefined) run.startedAt = b.started_at;
  if (b.status !== undefined) run.status = b.status;
  if (b.conclusion !== undefined) {
    run.conclusion = b.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") {
    if (run.conclusion === null) throw validationFailed("Invalid request.\n\nNo conclusion given for a completed check run.");
    run.completedAt = b.completed_at ?? run.completedAt ?? core.now();
  }
  if (b.output !== undefined) {
    run.output = { title: b.output.title ?? run.output.title, summary: b.output.summary ?? run.output.summary, text: b.output.text ?? run.output.text };
    run.annotations.push(...(b.output.annotations ?? []));
  }
  if (b.actions !== undefined) run.actions = b.actions;
}

/** Sends `check_run.rerequested` for a run, as when a person clicks "Re-run". */
export function rerequestCheckRun(core: ServerCore, repo: RepoState, run: CheckRunState, sender: User): void {
  core.webhooks.send({ event: "check_run", repo, sender, payload: { action: "rerequested", check_run: checkRunShape(core, repo, run) } });
}

function statusShape(core: ServerCore, repo: RepoState, s: StatusState): Record<string, unknown> {
  return {
    url: `${core.apiUrl}/repos/${repo.fullName}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: nodeId("SC", s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    creator: simpleUser(core, s.creator),
  };
}

/** Check run and commit status routes. */
export const checkRoutes: Routes = {
  "checks/create": async (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as CheckRunBody & { name: string; head_sha: string };
    if ((await repo.git.readCommit(b.head_sha)) === undefined) throw validationFailed("No commit found for SHA: " + b.head_sha);
    const run: CheckRunState = { id: ctx.core.nextId(), checkSuiteId: 1, name: b.name, headSha: b.head_sha, status: "queued", conclusion: null, startedAt: ctx.core.now(), completedAt: null, detailsUrl: null, externalId: null, output: { title: null, summary: null, text: null }, annotations: [], actions: [] };
    applyCheckRun(ctx.core, run, b);
    repo.checkRuns.set(run.id, run);
    return { status: 201, body: checkRunShape(ctx.core, repo, run) };
  },
  "checks/update": (ctx) => {
    const repo = repoOf(ctx);
    const run = repo.checkRuns.get(intParam(ctx, "check_run_id"));
    if (run === undefined) throw notFound();
    applyCheckRun(ctx.core, run, ctx.body as CheckRunBody);
    return { status: 200, body: checkRunShape(ctx.core, repo, run) };
  },
  "checks/get": (ctx) => {
    const repo = repoOf(ctx);
    const run = repo.checkRuns.get(intParam(ctx, "check_run_id"));
    if (run === undefined) throw notFound();
    return { status: 200, body: checkRunShape(ctx.core, repo, run) };
  },
  "checks/list-annotations": (ctx) => {
    const repo = repoOf(ctx);
    const run = repo.checkRuns.get(intParam(ctx, "check_run_id"));
    if (run === undefined) throw notFound();
    return page(ctx, run.annotations.map((a) => ({ path: "", blob_href: "", start_line: 0, end_line: 0, start_column: null, end_column: null, annotation_level: null, title: null, message: null, raw_details: null, ...a })));
  },
  "checks/list-for-ref": async (ctx) => {
    const repo = repoOf(ctx);
    const sha = await resolveRev(repo, ctx.params.ref ?? "");
    const name = queryValue(ctx, "check_name");
    const status = queryValue(ctx, "status");
    let runs = [...repo.checkRuns.values()].filter((r) => r.headSha === sha && (name === undefined || r.name === name) && (status === undefined || r.status === status)).sort((a, b) => b.id - a.id);
    if ((queryValue(ctx, "filter") ?? "latest") === "latest") runs = runs.filter((r, i) => runs.findIndex((x) => x.name === r.name) === i);
    const paged = page(ctx, runs);
    return { status: 200, headers: paged.headers, body: { total_count: runs.length, check_runs: paged.body.map((r) => checkRunShape(ctx.core, repo, r)) } };
  },
  "repos/create-commit-status": async (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as { state: StatusState["state"]; target_url?: string | null; description?: string | null; context?: string };
    const sha = ctx.params.sha ?? "";
    if ((await repo.git.readCommit(sha)) === undefined) throw validationFailed(`No commit found for SHA: ${sha}`);
    const s: StatusState = { id: ctx.core.nextId(), sha, state: b.state, context: b.context ?? "default", description: b.description ?? null, targetUrl: b.target_url ?? null, creator: ctx.actor, createdAt: ctx.core.now() };
    repo.statuses.push(s);
    return { status: 201, body: statusShape(ctx.core, repo, s) };
  },
  "repos/list-commit-statuses-for-ref": async (ctx) => {
    const repo = repoOf(ctx);
    const sha = await resolveRev(repo, ctx.params.ref ?? "");
    return page(ctx, repo.statuses.filter((s) => s.sha === sha).reverse().map((s) => statusShape(ctx.core, repo, s)));
  },
  "repos/get-combined-status-for-ref": async (ctx) => {
    const repo = repoOf(ctx);
    const sha = await resolveRev(repo, ctx.params.ref ?? "");
    const latest = new Map<string, StatusState>();
    for (const s of repo.statuses) if (s.sha === sha) latest.set(s.context, s);
    const all = [...latest.values()];
    const state = all.some((s) => s.state === "error" || s.state === "failure") ? "failure" : all.length === 0 || all.some((s) => s.state === "pending") ? "pending" : "success";
    return {
      status: 200,
      body: {
        state, sha, total_count: all.length,
        statuses: all.map((s) => ({ ...statusShape(ctx.core, repo, s), required: false })),
        repository: repositoryShape(ctx.core, repo),
        commit_url: `${ctx.core.apiUrl}/repos/${repo.fullName}/commits/${sha}`,
        url: `${ctx.core.apiUrl}/repos/${repo.fullName}/commits/${sha}/status`,
      },
    };
  },
};
