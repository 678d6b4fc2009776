/**
 * Reads what the dashboard and `ferry status` show per cluster of one environment: the
 * SHA of the last apply (Ferry's inventory), the health of the applied objects, the
 * apply Lease holder, and drift from the branch head ({@link readDrift}, the same
 * comparison `/drift` makes). Never throws an AppError: a cluster that cannot be read
 * becomes an `error` in its reading.
 */
import type { ClusterReading } from "../core/dashboard/index.ts";
import type { DriftIgnoreRule } from "../core/drift/index.ts";
import { assessHealth, isHealthTracked, worstHealth } from "../core/health/index.ts";
import { parseResourceKey } from "../core/manifest/resource-key.ts";
import type { FileTree } from "../core/tree/file-tree.ts";
import { isAppError } from "../errors.ts";
import type { Clock, ClusterConnector } from "./ports.ts";
import { readDrift } from "./read-drift.ts";

/** At most this many unhealthy objects are named per cluster. */
const UNHEALTHY_SHOWN = 10;

/** Inputs of {@link readClusterStates}. */
export interface ReadClusterStatesParams {
  readonly environment: { readonly name: string; readonly branch: string; readonly path: string; readonly clusters: readonly string[] };
  /** The branch head drift is measured against, and its tree; without them drift is not read. */
  readonly head?: { readonly sha: string; readonly tree: () => Promise<FileTree> };
  readonly ignore: readonly DriftIgnoreRule[];
  readonly connect: ClusterConnector;
  readonly clock: Clock;
}

/** Returns one reading per cluster of the environment, in settings order. */
export async function readClusterStates(params: ReadClusterStatesParams): Promise<ClusterReading[]> {
  const { environment: env, connect } = params;
  // 1. Drift of every cluster at once (one render of the head for all of them).
  const drift = params.head ? await readHeadDrift(params, params.head) : undefined;

  // 2. Per cluster: inventory, health of what was applied, the Lease.
  return Promise.all(
    env.clusters.map(async (cluster): Promise<ClusterReading> => {
      const d = drift?.get(cluster);
      try {
        const conn = await connect(cluster);
        const inventory = await conn.readInventory(env.name);
        const tracked = (inventory?.keys ?? []).filter((k) => {
          const key = parseResourceKey(k);
          return isHealthTracked(key.group, key.kind);
        });
        const live = tracked.length > 0 ? await conn.readObjects(tracked) : new Map();
        const assessed = tracked.map((k) => ({ key: k, health: live.has(k) ? assessHealth(live.get(k)!).status : ("Degraded" as const) }));
        const holder = await conn.readLockHolder?.(env.name);
        return {
          cluster,
          ...(inventory?.sha && { inventorySha: inventory.sha }),
          ...(inventory && { health: worstHealth(assessed.map((a) => a.health)) }),
          unhealthy: assessed.filter((a) => a.health !== "Healthy").slice(0, UNHEALTHY_SHOWN).map((a) => `${a.key}: ${live.has(a.key) ? a.health.toLowerCase() : "missing"}`),
          ...(holder && { leaseHolder: holder }),
          ...(d && { drift: d }),
        };
      } catch (error) {
        if (!isAppError(error)) throw error;
        return { cluster, error: error.message, ...(d && { drift: d }) };
      }
    }),
  );
}

async function readHeadDrift(params: ReadClusterStatesParams, head: NonNullable<ReadClusterStatesParams["head"]>): Promise<Map<string, NonNullable<ClusterReading["drift"]>>> {
  const { environment: env } = params;
  const out = new Map<string, NonNullable<ClusterReading["drift"]>>();
  let tree: FileTree;
  try {
    tree = await head.tree();
  } catch (error) {
    if (!isAppError(error)) throw error;
    for (const c of env.clusters) out.set(c, { readAt: params.clock.now().toISOString(), objects: [], error: error.message });
    return out;
  }
  const drift = await readDrift({ tree, environment: env, ref: env.branch, sha: head.sha, ignore: params.ignore, connect: params.connect, clock: params.clock });
  for (const c of drift.clusters) out.set(c.cluster, { readAt: c.readAt, objects: c.items.map((i) => ({ key: i.key, type: i.type, ...(i.type === "modified" && { fields: i.fields.map((f) => f.path) }) })), ...(c.error && { error: c.error.message }) });
  return out;
}
