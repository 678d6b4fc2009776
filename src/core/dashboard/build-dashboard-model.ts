import type { ClusterReading, CommitReading, DashboardInput, EdgeReading, EnvironmentReading, PullReading } from "./dashboard-input.ts";
import type { ClusterView, CommitView, DashboardModel, EdgeView, EnvironmentView, PullView, StateView } from "./dashboard-model.ts";
import { describeDeployment, describeDriftObject, describeHealth, describePolicy, formatAge, parseWaitingFor, plural, runningShaOf } from "./describe-states.ts";

/** Deployments listed per environment. */
export const DEPLOYMENTS_SHOWN = 20;
/** Waiting commits listed per edge (the count is always complete). */
export const COMMITS_SHOWN = 20;

/**
 * Returns what the dashboard says about a repository from what was read: environments
 * in tree order (each first stage, then what promotes from it, depth first, in settings
 * order), every edge with its waiting commits and promotion PR, per cluster what runs,
 * its health, Lease holder and drift. Pure and deterministic: ages are measured from
 * `input.readAt`, and nothing in `input` is changed.
 *
 * @example
 * const model = buildDashboardModel(input);
 * model.edges[0]?.waiting // 3: staging has three commits production has not
 */
export function buildDashboardModel(input: DashboardInput): DashboardModel {
  const repo = { ...input.repo, fullName: `${input.repo.owner}/${input.repo.name}` };
  if (input.settingsError !== undefined) return { repo, readAt: input.readAt, environments: [], edges: [], notes: input.notes, error: input.settingsError };
  const now = input.readAt;
  const ordered = treeOrder(input.environments);
  const pullView = (p: PullReading, need: number) => buildPull(p, need, now);
  const environments = ordered.map(({ env, depth }): EnvironmentView => {
    const running = commitOf(env, runningShaOf(env.deployments));
    const newest = env.deployments[0];
    const lastApply = newest === undefined ? { state: "none", words: "never applied", tone: "idle" as const } : { ...describeDeployment(newest.state), at: newest.createdAt, age: formatAge(newest.createdAt, now) };
    const clusters = env.clusters.map((c) => buildCluster(c, env.head?.sha, now, input.repo.url));
    return {
      name: env.name,
      branch: env.branch,
      depth,
      ...(env.promotesFrom !== undefined && { promotesFrom: env.promotesFrom, promoteCommand: `/promote ${env.name}` }),
      next: ordered.filter((o) => o.env.promotesFrom === env.name).map((o) => o.env.name),
      ...(env.head && { head: commitView(env.head, now) }),
      ...(running && { running: commitView(running, now) }),
      lastApply,
      clusters,
      drift: aggregateDrift(clusters),
      deployments: env.deployments.slice(0, DEPLOYMENTS_SHOWN).map((d) => ({ id: d.id, sha: d.sha, short: d.sha.slice(0, 7), outcome: describeDeployment(d.state), createdAt: d.createdAt, age: formatAge(d.createdAt, now), ...(d.url && { url: d.url }) })),
      rollbacks: input.pulls.filter((p) => p.kind === "rollback" && p.environment === env.name).sort((a, b) => a.number - b.number).map((p) => pullView(p, env.approvalsRequired)),
    };
  });
  const byName = new Map(input.environments.map((e) => [e.name, e]));
  const edges = ordered
    .filter(({ env }) => env.promotesFrom !== undefined && byName.has(env.promotesFrom))
    .map(({ env }): EdgeView => {
      const reading = input.edges.find((e) => e.from === env.promotesFrom && e.to === env.name) ?? { from: env.promotesFrom ?? "", to: env.name, error: "not compared" };
      const pull = input.pulls.filter((p) => p.kind === "promotion" && p.environment === env.name).sort((a, b) => a.number - b.number)[0];
      return { ...buildEdge(reading, now), ...(pull && { pull: pullView(pull, env.approvalsRequired) }), promoteCommand: `/promote ${env.name}` };
    });
  return { repo, readAt: now, environments, edges, notes: input.notes };
}

// Depth-first from each first stage; environments whose source is unknown (or that form a
// loop, which the settings check refuses) are shown as first stages rather than hidden.
function treeOrder(envs: readonly EnvironmentReading[]): { env: EnvironmentReading; depth: number }[] {
  const names = new Set(envs.map((e) => e.name));
  const out: { env: EnvironmentReading; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (env: EnvironmentReading, depth: number) => {
    if (seen.has(env.name)) return;
    seen.add(env.name);
    out.push({ env, depth });
    for (const child of envs.filter((e) => e.promotesFrom === env.name)) visit(child, depth + 1);
  };
  for (const env of envs) if (env.promotesFrom === undefined || !names.has(env.promotesFrom)) visit(env, 0);
  for (const env of envs) visit(env, 0);
  return out;
}

function commitOf(env: EnvironmentReading, sha: string | undefined): CommitReading | undefined {
  if (sha === undefined) return undefined;
  if (env.head?.sha === sha) return env.head;
  return env.deployedCommit?.sha === sha ? env.deployedCommit : { sha, title: "", author: "" };
}

function commitView(c: CommitReading, now: string): CommitView {
  return { sha: c.sha, short: c.sha.slice(0, 7), title: c.title, author: c.author, ...(c.url && { url: c.url }), ...(c.date && { date: c.date, age: formatAge(c.date, now) }) };
}

function buildCluster(c: ClusterReading, head: string | undefined, now: string, repoUrl: string | undefined): ClusterView {
  const all = (c.drift?.objects ?? []).map((o) => ({ key: o.key, type: o.type, words: `${describeDriftObject(o.type)}${o.fields && o.fields.length > 0 ? `: ${o.fields.slice(0, 5).join(", ")}${o.fields.length > 5 ? ", …" : ""}` : ""}` }));
  // Never applied here: every object is "missing", which says nothing a person needs listed.
  const notApplied = c.inventorySha === undefined && c.error === undefined && all.length > 0 && all.every((o) => o.type === "missing");
  const objects = notApplied ? [] : all;
  const drifted = objects.filter((o) => o.type !== "unknown").length;
  const drift: StateView =
    c.drift === undefined ? { state: "unread", words: c.error ? "drift not read" : "drift not checked", tone: "idle" }
    : notApplied ? { state: "not-applied", words: `not applied yet: ${plural(all.length, "object")} to create`, tone: "idle" }
    : c.drift.error !== undefined ? { state: "unknown", words: `drift unknown: ${c.drift.error}`, tone: "idle" }
    : drifted > 0 ? { state: "drifting", words: `${plural(drifted, "object")} drifted`, tone: "bad" }
    : objects.length > 0 ? { state: "unknown", words: `${plural(objects.length, "object")} could not be compared`, tone: "idle" }
    : { state: "in-sync", words: "in sync with git", tone: "good" };
  return {
    name: c.cluster,
    ...(c.inventorySha && { applied: c.inventorySha, appliedShort: c.inventorySha.slice(0, 7), ...(repoUrl && { appliedUrl: `${repoUrl}/commit/${c.inventorySha}` }), atHead: head === undefined ? undefined : c.inventorySha === head }),
    // Nothing applied here yet: no health to read, which is not the same as unknown health.
    health: c.inventorySha === undefined && c.health === undefined && c.error === undefined ? { state: "none", words: "nothing applied yet", tone: "idle" } : describeHealth(c.health),
    unhealthy: c.unhealthy ?? [],
    ...(c.leaseHolder && { lease: `apply running, Lease held by ${c.leaseHolder}` }),
    drift: { ...drift, ...(c.drift && { readAt: c.drift.readAt, age: formatAge(c.drift.readAt, now) }), objects },
    ...(c.error && { error: c.error }),
  };
}

function aggregateDrift(clusters: readonly ClusterView[]): StateView {
  const drifting = clusters.filter((c) => c.drift.state === "drifting");
  if (drifting.length > 0) return { state: "drifting", words: `drifting in ${drifting.map((c) => c.name).join(", ")}`, tone: "bad" };
  if (clusters.length > 0 && clusters.every((c) => c.drift.state === "in-sync")) return { state: "in-sync", words: "in sync with git", tone: "good" };
  if (clusters.length > 0 && clusters.every((c) => c.drift.state === "not-applied")) return { state: "not-applied", words: "not applied yet", tone: "idle" };
  if (clusters.some((c) => c.drift.state === "unknown")) return { state: "unknown", words: "drift partly unknown", tone: "idle" };
  return { state: "unread", words: "drift not checked", tone: "idle" };
}

function buildEdge(e: EdgeReading, now: string): Omit<EdgeView, "promoteCommand"> {
  const base = { from: e.from, to: e.to };
  const c = e.comparison;
  if (c === undefined) return { ...base, state: { state: "unknown", words: `not compared: ${e.error ?? "unknown"}`, tone: "idle" }, waiting: 0, commits: [], more: 0 };
  const commits = [...c.commits].reverse().slice(0, COMMITS_SHOWN).map((x) => commitView(x, now));
  const waiting = c.status === "ahead" || c.status === "diverged" ? c.aheadBy : 0;
  const state: StateView =
    c.status === "identical" ? { state: "up-to-date", words: `${e.to} has everything ${e.from} has`, tone: "good" }
    : c.status === "ahead" ? { state: "waiting", words: `${plural(c.aheadBy, "commit")} waiting to go from ${e.from} to ${e.to}`, tone: "busy" }
    : c.status === "behind" ? { state: "behind", words: `${e.to} has ${plural(c.behindBy, "commit")} ${e.from} lacks (after a rollback or a direct push); nothing to promote`, tone: "idle" }
    : { state: "diverged", words: `${e.from} and ${e.to} diverged (${c.aheadBy} ahead, ${c.behindBy} behind): a fast-forward is impossible`, tone: "bad" };
  return { ...base, state, waiting, commits: waiting > 0 ? commits : [], more: waiting > 0 ? Math.max(0, waiting - commits.length) : 0 };
}

function buildPull(p: PullReading, need: number, now: string): PullView {
  const have = p.approvedBy.length;
  const waitingFor = [...(have < need ? [`${plural(need - have, "more approval")} (${have} of ${need})`] : []), ...parseWaitingFor(p.policy?.summary)];
  return { number: p.number, title: p.title, ...(p.url && { url: p.url }), kind: p.kind, author: p.author, age: formatAge(p.createdAt, now), policy: { ...describePolicy(p.policy), ...(p.policy?.url && { url: p.policy.url }) }, approvals: { have, need }, waitingFor };
}
