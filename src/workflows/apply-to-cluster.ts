/**
 * Applies one environment's rendered objects to one cluster, the way GitOps engines
 * do: under the environment's Lease, a server dry-run of the whole plan gates the real
 * apply, stages run in order, pruning follows success, and the apply is done only when
 * the workloads are healthy. Failures come back as values with an ErrorCode.
 */
import { isAppError, type ErrorCode } from "../errors.ts";
import type { KubeObject } from "../core/manifest/kube-object.ts";
import { parseResourceKey, type ResourceKey } from "../core/manifest/resource-key.ts";
import { isHealthTracked } from "../core/health/index.ts";
import { buildApplyPlan, buildDryRunFailureResults, buildIntentInventory, buildNextInventory, findInSync, withoutUnchanged, type ApplyPlan, type ClusterOutcome, type ObjectResult } from "../core/plan/index.ts";
import type { Clock, ClusterConnection, ClusterReader } from "./ports.ts";
import { waitForHealth } from "./wait-for-health.ts";

/** Inputs of {@link applyToCluster}. */
export interface ApplyToClusterParams {
  readonly cluster: ClusterConnection;
  readonly environment: { readonly name: string; readonly apply: { readonly prune: boolean; readonly healthTimeout: number } };
  readonly sha: string;
  readonly desired: readonly KubeObject[];
  /** Stop after the server dry-run (`ferry apply --dry-run`, previews). */
  readonly dryRunOnly?: boolean;
  /** How long to wait for another apply of the same environment to finish. Default 600. */
  readonly lockWaitSeconds?: number;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Returns what applying `desired` at `sha` did to the cluster; never throws an AppError. */
export async function applyToCluster(params: ApplyToClusterParams): Promise<ClusterOutcome> {
  const { cluster, environment: env, sha } = params;
  const outcome = (status: ClusterOutcome["status"], code: ErrorCode | undefined, message: string, extra: Partial<ClusterOutcome> = {}): ClusterOutcome =>
    ({ cluster: cluster.name, status, code, message, findings: [], results: [], health: [], ...extra });
  const failedResults = (results: readonly ObjectResult[]) => results.filter((r) => r.action === "failed");
  let release: (() => Promise<void>) | undefined;
  try {
    // 1. One apply per environment and cluster: take the Lease, or step aside for a newer SHA.
    const lock = await cluster.acquire({ environment: env.name, sha, waitSeconds: params.lockWaitSeconds ?? 600 });
    if (lock.status === "superseded") return outcome("superseded", undefined, `superseded by ${lock.by.slice(0, 7)} before ${sha.slice(0, 7)} got the apply lock`);
    if (lock.status === "busy") return outcome("failed", "lock-busy", `another apply (${lock.holder}) still holds the ${env.name} lock in ${cluster.name}; it is retried when that apply ends or its lease expires`);
    release = lock.release;

    // 2. Plan against the cluster: discovery, the inventory and the live prune candidates.
    const [scopes, inventory] = await Promise.all([cluster.readScopes(), cluster.readInventory(env.name)]);
    const previous = inventory?.keys ?? [];
    const options = { prune: env.apply.prune, scopes };
    const draft = buildApplyPlan({ desired: params.desired, inventory: previous, options });
    const candidates = [...draft.prune.map((p) => p.key), ...draft.keep];
    const namespaces = candidates.map(parseResourceKey).filter((k) => k.group === "" && k.kind === "Namespace").map((k) => k.name);
    // Live state of the desired objects too (a few LISTs): what already matches is not sent.
    const planned = draft.stages.flatMap((s) => s.objects);
    const objects = await cluster.readObjects([...new Set([...candidates, ...planned.map((o) => o.key)])]);
    const namespaceContents = new Map(await Promise.all(namespaces.map(async (ns) => [ns, await cluster.listNamespace(ns)] as const)));
    const plan: ApplyPlan = buildApplyPlan({ desired: params.desired, inventory: previous, live: { objects, namespaceContents }, options });
    const findings = plan.findings;
    if (plan.blocked) return outcome("failed", "apply-failed", `the plan is blocked: ${findings.filter((f) => f.severity === "error").map((f) => f.message).join("; ")}`, { findings });

    // 3. Server dry-run of the whole plan: any failure and nothing is applied. Objects live
    // already matches (and Ferry applied before) need no request: applying them is a no-op.
    const stageOf = new Map(plan.stages.flatMap((s) => s.objects.map((o) => [o.key, s.name] as const)));
    const inSync = findInSync({ desired: planned.map((o) => o.object), live: objects, stageOf: (key) => stageOf.get(key) });
    const dryRun = await cluster.apply(withoutUnchanged(plan, inSync), { dryRun: "server", live: objects });
    if (!dryRun.ok) return outcome("failed", "dry-run-failed", `server dry-run failed for ${failedResults(dryRun.results).length} object(s); nothing was applied`, { findings, results: buildDryRunFailureResults(dryRun.results) });
    if (params.dryRunOnly) return outcome("dry-run", undefined, `server dry-run passed for ${dryRun.results.length} object(s)`, { findings, results: dryRun.results });

    // 4. Record intent first, so a crash mid-apply still leaves every touched key in the
    // inventory. When the inventory already names every key, there is nothing to record.
    const intent = buildIntentInventory(plan, previous);
    if (!sameKeys(intent, previous)) await cluster.writeInventory(env.name, { keys: intent, sha });

    // 5. Apply for real: stages in order, then prune in reverse order.
    const unchanged = [...inSync, ...dryRun.results.filter((r) => r.action === "unchanged")];
    const written = await cluster.apply(withoutUnchanged(plan, unchanged), { dryRun: "none" });
    const applied = { ...written, results: [...unchanged, ...written.results] };
    const deleted = new Set(applied.results.filter((r) => r.action === "deleted" || r.action === "gone").map((r) => r.key));
    const next = buildNextInventory(plan, deleted);
    if (!sameKeys(next, previous) || inventory?.sha !== sha) await cluster.writeInventory(env.name, { keys: next, sha });
    const failures = failedResults(applied.results);
    if (failures.length > 0) {
      const code = failures.every((f) => f.stage === "prune") ? "prune-failed" : "apply-failed";
      return outcome("failed", code, `${code === "prune-failed" ? "pruning" : "applying"} failed for ${failures.length} object(s)`, { findings, results: applied.results });
    }

    // 6. Wait for health with the environment's timeout; a timeout is a failure.
    const keys = plan.stages.flatMap((s) => s.objects.map((o) => o.key));
    const tracked = keys.filter((k) => { const { group, kind } = parseResourceKey(k); return isHealthTracked(group, kind); });
    // What this apply did not write is live as read in stage 2, so the first health read
    // asks only for the rest (a re-apply that writes nothing reads nothing again).
    const reader = readerFrom({ cluster, snapshot: objects, fresh: new Set(unchanged.map((r) => r.key)) });
    const health = await waitForHealth({ reader, keys: tracked, timeoutSeconds: env.apply.healthTimeout, clock: params.clock, sleep: params.sleep });
    if (!health.done) {
      const what = health.pending.map((p) => `${p.key} (${p.status}: ${p.message})`).slice(0, 5).join(", ");
      const message = health.timedOut ? `not healthy after ${env.apply.healthTimeout}s: ${what}` : `unhealthy: ${what}`;
      return outcome("failed", health.timedOut ? "health-timeout" : "apply-failed", message, { findings, results: applied.results, health: health.pending });
    }
    return outcome("applied", undefined, `applied ${keys.length} object(s), pruned ${deleted.size}, all healthy`, { findings, results: applied.results });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return outcome("failed", error.code, error.message);
  } finally {
    // A release that fails is harmless: the Lease expires on its own after its duration.
    await release?.().catch(() => undefined);
  }
}

function sameKeys(a: readonly ResourceKey[], b: readonly ResourceKey[]): boolean {
  const set = new Set(b);
  return a.length === set.size && a.every((k) => set.has(k));
}

/**
 * Returns a reader whose first `readObjects` takes the keys in `fresh` from `snapshot`
 * (read before the apply, which did not write them) and reads only the others; later
 * calls (health polls) read everything, since controllers change objects over time.
 */
function readerFrom(p: { cluster: ClusterConnection; snapshot: ReadonlyMap<ResourceKey, KubeObject>; fresh: ReadonlySet<ResourceKey> }): Pick<ClusterReader, "readObjects"> {
  let first = true;
  return {
    readObjects: async (keys) => {
      if (!first) return p.cluster.readObjects(keys);
      first = false;
      const known = new Set(keys.filter((k) => p.fresh.has(k) && p.snapshot.has(k)));
      const rest = keys.filter((k) => !known.has(k));
      const read = rest.length === 0 ? new Map<ResourceKey, KubeObject>() : await p.cluster.readObjects(rest);
      return new Map([...read, ...[...known].map((k) => [k, p.snapshot.get(k) as KubeObject] as const)]);
    },
  };
}
