/**
 * Reads how an environment's clusters differ from what git renders at one commit. Cheap
 * by design: one batched read of the live objects; objects that already hold every field
 * git sets cost nothing more; only the rest are dry-run applied (one request each) and
 * compared, both sides normalized the same way, secrets masked as a pair.
 */
import { commonLabels, diffLiveObject, findExtras, findOrphans, isInSync, labelScopes, scopeObjects, type DriftIgnoreRule, type DriftItem } from "../core/drift/index.ts";
import type { KubeObject } from "../core/manifest/kube-object.ts";
import { resourceKey } from "../core/manifest/resource-key.ts";
import { renderWithEngine, type RenderEngine, type Renderers } from "../core/render/index.ts";
import type { FileTree } from "../core/tree/file-tree.ts";
import { isAppError, type ErrorCode } from "../errors.ts";
import { decideEngineTarget, FLUX_FIELD_MANAGER, isManagedBy, type EngineSettings } from "../core/engine/index.ts";
import { readArgoDrift } from "./read-argo-drift.ts";
import type { Clock, ClusterConnection, ClusterConnector } from "./ports.ts";

/** The drift of one cluster: items, or why the cluster could not be read. */
export interface ClusterDrift {
  readonly cluster: string;
  /** When the live state was read (ISO 8601). */
  readonly readAt: string;
  readonly items: readonly DriftItem[];
  readonly error?: { readonly code: ErrorCode; readonly message: string };
}

/** The drift of an environment at a commit, per cluster. */
export interface EnvironmentDrift {
  readonly environment: string;
  readonly ref: string;
  readonly sha: string;
  readonly clusters: readonly ClusterDrift[];
}

/** Inputs of {@link readDrift}. */
export interface ReadDriftParams {
  /** The file tree of commit `sha` (the environment branch head). */
  readonly tree: FileTree;
  /** With `apply.engine` argocd, drift is Argo CD's; with flux, the dry-run applies as kustomize-controller. */
  readonly environment: { readonly name: string; readonly path: string; readonly clusters: readonly string[]; readonly apply?: Partial<EngineSettings> & Readonly<Record<string, unknown>>; readonly render?: { readonly engine: RenderEngine } };
  readonly ref: string;
  readonly sha: string;
  /** `drift.ignore` from the settings. */
  readonly ignore: readonly DriftIgnoreRule[];
  readonly connect: ClusterConnector;
  readonly clock: Clock;
  /** Renderers besides the built-in one, for `render.engine: kustomize`. */
  readonly renderers?: Renderers;
}

/**
 * Returns the drift of every cluster of the environment. Never throws an AppError: a
 * render failure or an unreachable cluster becomes a per-cluster error value.
 *
 * @example
 * const drift = await readDrift({ tree, environment: env, ref: env.branch, sha, ignore: settings.drift.ignore, connect, clock });
 * const drifting = drift.clusters.some((c) => c.items.length > 0);
 */
export async function readDrift(params: ReadDriftParams): Promise<EnvironmentDrift> {
  const { environment: env, ref, sha } = params;
  const result = (clusters: ClusterDrift[]): EnvironmentDrift => ({ environment: env.name, ref, sha, clusters });
  const failed = (cluster: string, error: { code: ErrorCode; message: string }): ClusterDrift => ({ cluster, readAt: params.clock.now().toISOString(), items: [], error });

  // 1. Render the environment at the commit, once for every cluster.
  let rendered: KubeObject[];
  try {
    rendered = (await renderWithEngine({ engine: env.render?.engine ?? "builtin", renderers: params.renderers, tree: params.tree, path: env.path })).resources.map((r) => r.object);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return result(env.clusters.map((c) => failed(c, { code: error.code, message: `rendering ${env.path} at ${sha.slice(0, 7)} failed: ${error.message}` })));
  }

  // 2. Each cluster in turn; one that cannot be reached does not stop the others.
  const clusters: ClusterDrift[] = [];
  for (const name of env.clusters) {
    try {
      const cluster = await params.connect(name);
      const target = env.apply?.engine ? decideEngineTarget({ ...env.apply, engine: env.apply.engine }, name) : undefined;
      if (target?.engine === "argocd") clusters.push(await readArgoDrift({ cluster, application: target.application, clock: params.clock }));
      else clusters.push(await readClusterDrift({ cluster, rendered, environment: env.name, ignore: params.ignore, clock: params.clock, ...(target?.engine === "flux" && { fieldManager: FLUX_FIELD_MANAGER }) }));
    } catch (error) {
      if (!isAppError(error)) throw error;
      clusters.push(failed(name, { code: error.code, message: error.message }));
    }
  }
  return result(clusters);
}

/** Returns the drift of one cluster from the rendered objects; cluster failures throw ClusterError. */
export async function readClusterDrift(params: { cluster: ClusterConnection; rendered: readonly KubeObject[]; environment: string; ignore: readonly DriftIgnoreRule[]; clock: Clock; fieldManager?: string }): Promise<ClusterDrift> {
  const { cluster, ignore } = params;
  // 1. Where each object lives (discovery), and what Ferry applied before (the inventory).
  const [scopes, inventory] = await Promise.all([cluster.readScopes(), cluster.readInventory(params.environment)]);
  const desired = scopeObjects({ objects: params.rendered, scopes });
  const inventoryKeys = inventory?.keys ?? [];

  // 2. One batched read: a labelled LIST per kind and namespace (which also finds hand-made
  //    objects carrying the environment's labels), then a read of whatever it did not return.
  const labels = commonLabels(desired);
  const labelled = Object.keys(labels).length > 0 ? await cluster.listLabelled({ scopes: labelScopes(desired), labels }) : [];
  const live = new Map(labelled.map((o) => [resourceKey(o), o] as const));
  const rest = [...new Set([...desired.map((o) => resourceKey(o)), ...inventoryKeys])].filter((k) => !live.has(k));
  if (rest.length > 0) for (const [key, object] of await cluster.readObjects(rest)) live.set(key, object);
  const readAt = params.clock.now().toISOString();

  // 3. Missing objects, and objects that already hold every field git sets (no request).
  const items: DriftItem[] = [];
  const suspects: KubeObject[] = [];
  for (const object of desired) {
    const found = live.get(resourceKey(object));
    if (!found) items.push({ type: "missing", key: resourceKey(object) });
    else if (!isInSync({ desired: object, live: found, ignore }) || (params.fieldManager && isManagedBy(found, params.fieldManager))) suspects.push(object);
  }

  // 4. The rest: what an apply would make of them, compared with what is live.
  if (suspects.length > 0) {
    // A Flux environment predicts as kustomize-controller: fields it applied and git dropped then show as removed.
    const prediction = await cluster.predictApply(suspects, params.fieldManager ? { fieldManager: params.fieldManager } : undefined);
    for (const object of suspects) {
      const key = resourceKey(object);
      const predicted = prediction.objects.get(key);
      const current = live.get(key);
      if (predicted && current) {
        const fields = diffLiveObject({ predicted, live: current, ignore });
        if (fields.length > 0) items.push({ type: "modified", key, fields });
      } else items.push({ type: "unknown", key, message: prediction.failures.get(key) ?? "the server returned no prediction" });
    }
  }

  // 5. What git no longer has: orphans from the inventory, and hand-made look-alikes.
  items.push(...findOrphans({ inventory: inventoryKeys, desired, live: new Set(live.keys()) }));
  items.push(...findExtras({ labelled: labelled.map((o) => resourceKey(o)), desired, inventory: inventoryKeys }));
  return { cluster: cluster.name, readAt, items: items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
}
