/**
 * Applies one environment at a pinned SHA to each of its clusters: renders the
 * environment's path from the commit's tree once, then runs {@link applyToCluster} for
 * every cluster (all of them, even after a failure, so every result is reported).
 */
import { isAppError } from "../errors.ts";
import { renderWithEngine, type RenderEngine, type Renderers } from "../core/render/index.ts";
import type { FileTree } from "../core/tree/file-tree.ts";
import { combineOutcomes, type ClusterOutcome, type EnvironmentOutcome } from "../core/plan/index.ts";
import { applyToCluster } from "./apply-to-cluster.ts";
import { applyThroughEngine, type ApplyThroughEngineParams, type EngineEnvironment } from "./apply-through-engine.ts";
import type { Metrics } from "./metrics.ts";

/** The parts of an environment's settings an apply reads. */
export interface ApplyEnvironmentSettings {
  readonly name: string;
  readonly path: string;
  readonly clusters: readonly string[];
  readonly apply: { readonly prune: boolean; readonly healthTimeout: number } & Partial<EngineEnvironment["apply"]>;
  /** The environment's branch (an Argo CD Application tracking it is refreshed rather than synced). */
  readonly branch?: string;
  /** Who renders (`render.engine`); built-in when absent. */
  readonly render?: { readonly engine: RenderEngine };
}

/** Inputs of {@link applyEnvironment}: those of an engine apply, plus the commit's tree. */
export interface ApplyEnvironmentParams extends Omit<ApplyThroughEngineParams, "environment"> {
  /** The file tree of the pinned commit. */
  readonly tree: FileTree;
  readonly environment: ApplyEnvironmentSettings;
  /** Renderers besides the built-in one, for `render.engine: kustomize`. */
  readonly renderers?: Renderers;
  /** Where the render's duration and object count go. */
  readonly metrics?: Pick<Metrics, "render">;
}

/**
 * Returns what applying `environment` at `sha` did to each of its clusters. Never
 * throws an AppError: a render failure or an unreachable cluster is an outcome.
 *
 * @example
 * const outcome = await applyEnvironment({ tree, environment: env, sha, connect, clock, sleep });
 * if (outcome.status === "failed") markBad(sha);
 */
export async function applyEnvironment(params: ApplyEnvironmentParams): Promise<EnvironmentOutcome> {
  const { environment: env, sha } = params;
  const failAll = (code: ClusterOutcome["code"], message: string): EnvironmentOutcome => ({
    environment: env.name,
    sha,
    status: "failed",
    clusters: env.clusters.map((cluster) => ({ cluster, status: "failed", code, message, findings: [], results: [], health: [] })),
  });

  // 0. A GitOps engine applies this environment: Ferry asks it and waits (issue #15).
  if (env.apply.engine === "flux" || env.apply.engine === "argocd") return applyThroughEngine({ ...params, environment: { ...env, apply: { ...env.apply, engine: env.apply.engine } } });

  // 1. Render the environment's path at exactly the pinned SHA.
  let desired;
  try {
    const started = params.clock.now().getTime();
    desired = (await renderWithEngine({ engine: env.render?.engine ?? "builtin", renderers: params.renderers, tree: params.tree, path: env.path })).resources.map((r) => r.object);
    params.metrics?.render({ environment: env.name, seconds: (params.clock.now().getTime() - started) / 1000, objects: desired.length });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return failAll(error.code, `rendering ${env.path} at ${sha.slice(0, 7)} failed: ${error.message}`);
  }

  // 2. Apply to every cluster in turn; a failure in one does not stop the others.
  const clusters: ClusterOutcome[] = [];
  for (const name of env.clusters) {
    let cluster;
    try {
      cluster = await params.connect(name);
    } catch (error) {
      if (!isAppError(error)) throw error;
      clusters.push({ cluster: name, status: "failed", code: error.code, message: error.message, findings: [], results: [], health: [] });
      continue;
    }
    clusters.push(await applyToCluster({ cluster, environment: env, sha, desired, dryRunOnly: params.dryRunOnly, lockWaitSeconds: params.lockWaitSeconds, clock: params.clock, sleep: params.sleep }));
  }
  return { environment: env.name, sha, status: combineOutcomes(clusters), clusters };
}
