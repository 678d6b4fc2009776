/**
 * Applies an environment whose clusters run a GitOps engine (`apply.engine: flux` or
 * `argocd`, issue #15): Ferry renders and applies nothing itself. Per cluster, under the
 * same Lease as Ferry's own apply, it asks the engine to deploy the pushed SHA and waits
 * for the engine to report it applied and healthy; the outcome is the same value as for
 * Ferry's apply, so Deployments, the `ferry/apply` mark, the PR reply and rollbacks read
 * it unchanged.
 */
import { decideEngineTarget, redactEngineMessage, type EngineSettings } from "../core/engine/index.ts";
import { combineOutcomes, type ClusterOutcome, type EnvironmentOutcome } from "../core/plan/index.ts";
import { isAppError, type ErrorCode } from "../errors.ts";
import type { EngineStepResult } from "./engine-step.ts";
import type { Clock, ClusterConnection, ClusterConnector } from "./ports.ts";
import { reconcileFlux } from "./reconcile-flux.ts";
import { syncArgoApplication } from "./sync-argo-application.ts";

/** The parts of an environment's settings an engine apply reads. */
export interface EngineEnvironment {
  readonly name: string;
  readonly branch?: string;
  readonly clusters: readonly string[];
  readonly apply: EngineSettings & { readonly prune: boolean; readonly healthTimeout: number };
}

/** Inputs of {@link applyThroughEngine}. */
export interface ApplyThroughEngineParams {
  readonly environment: EngineEnvironment;
  readonly sha: string;
  readonly connect: ClusterConnector;
  readonly dryRunOnly?: boolean;
  readonly lockWaitSeconds?: number;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * Returns the environment branch's head now (GitHub). Flux deploys only the head, so a
   * SHA that is no longer (or never was) the head is superseded rather than failed: a
   * newer push took over, or a break-glass commit waits for its PR's `/merge`.
   */
  readonly branchHead?: () => Promise<string | undefined>;
}

/** Returns what the engine did with `sha` in each cluster of the environment; never throws an AppError. */
export async function applyThroughEngine(params: ApplyThroughEngineParams): Promise<EnvironmentOutcome> {
  const { environment: env, sha } = params;
  const clusters: ClusterOutcome[] = [];
  // Every cluster in turn; a failure in one does not stop the others.
  for (const name of env.clusters) {
    const outcome = (status: ClusterOutcome["status"], code: ErrorCode | undefined, message: string): ClusterOutcome => ({ cluster: name, status, code, message, findings: [], results: [], health: [] });
    try {
      const cluster = await params.connect(name);
      clusters.push(await applyInCluster({ ...params, cluster, outcome }));
    } catch (error) {
      if (!isAppError(error)) throw error;
      clusters.push(outcome("failed", error.code, error.message));
    }
  }
  return { environment: env.name, sha, status: combineOutcomes(clusters), clusters };
}

async function applyInCluster(params: ApplyThroughEngineParams & { cluster: ClusterConnection; outcome: (status: ClusterOutcome["status"], code: ErrorCode | undefined, message: string) => ClusterOutcome }): Promise<ClusterOutcome> {
  const { cluster, environment: env, sha, outcome } = params;
  const target = decideEngineTarget(env.apply, cluster.name);
  if (target.engine === "invalid" || target.engine === "ferry") return outcome("failed", "config-invalid", target.engine === "invalid" ? target.message : "this environment is applied by Ferry, not an engine");

  // 1. One apply per environment and cluster, as for Ferry's own apply (the same Lease).
  const lock = await cluster.acquire({ environment: env.name, sha, waitSeconds: params.lockWaitSeconds ?? 600 });
  if (lock.status === "superseded") return outcome("superseded", undefined, `superseded by ${lock.by.slice(0, 7)} before ${sha.slice(0, 7)} got the apply lock`);
  if (lock.status === "busy") return outcome("failed", "lock-busy", `another apply (${lock.holder}) still holds the ${env.name} lock in ${cluster.name}; it is retried when that apply ends or its lease expires`);
  const movedOn = async (): Promise<ClusterOutcome | undefined> => {
    const head = await params.branchHead?.();
    if (head === undefined || head === sha) return undefined;
    return outcome("superseded", undefined, `${env.branch ?? env.name} is at ${head.slice(0, 7)}, not ${sha.slice(0, 7)}: the engine deploys the branch head, so ${sha.slice(0, 7)} was superseded (a newer push, or a break-glass commit that takes effect when its rollback PR is merged)`);
  };
  try {
    // 2. Flux fetches the branch, never a commit off it: a SHA that is not the head cannot arrive.
    if (target.engine === "flux" && !params.dryRunOnly) {
      const superseded = await movedOn();
      if (superseded) return superseded;
    }

    // 3. Ask the engine, and wait for its verdict within the environment's health timeout.
    const timeoutSeconds = env.apply.healthTimeout;
    const step = { cluster, sha, branch: env.branch ?? env.name, prune: env.apply.prune, dryRunOnly: params.dryRunOnly, deadline: params.clock.now().getTime() + timeoutSeconds * 1000, timeoutSeconds, clock: params.clock, sleep: params.sleep };
    const result: EngineStepResult = target.engine === "flux" ? await reconcileFlux({ ...step, kustomization: target.kustomization, ...(target.source && { source: target.source }) }) : await syncArgoApplication({ ...step, application: target.application });
    // The engine's words reach the PR comment and the commit status: credentials and quoted Secret values are removed first.
    // A wait that ended while the branch moved on is a superseded apply, never a bad SHA.
    if (!result.ok) return (await movedOn()) ?? outcome("failed", result.code, redactEngineMessage(result.message));
    return outcome(params.dryRunOnly ? "dry-run" : "applied", undefined, redactEngineMessage(result.message));
  } finally {
    // A release that fails is harmless: the Lease expires on its own after its duration.
    await lock.release().catch(() => undefined);
  }
}
