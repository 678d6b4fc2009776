import type { ErrorCode } from "../../errors.ts";
import type { ResourceKey } from "../manifest/resource-key.ts";
import type { Health } from "../health/index.ts";
import type { ObjectResult } from "./apply-result.ts";
import type { PlanFinding } from "./apply-plan.ts";

/** The health of one applied object when Ferry stopped waiting. */
export interface HealthResult {
  readonly key: ResourceKey;
  readonly status: Health;
  readonly message: string;
}

/**
 * What an apply did to one cluster. `applied`: every stage, the prune and the health
 * wait succeeded; `dry-run`: only the server dry-run ran (it passed); `superseded`: a
 * newer SHA took over before this one got the lock; `failed`: `code` says where.
 */
export interface ClusterOutcome {
  readonly cluster: string;
  readonly status: "applied" | "dry-run" | "superseded" | "failed";
  readonly code: ErrorCode | undefined;
  readonly message: string;
  readonly findings: readonly PlanFinding[];
  readonly results: readonly ObjectResult[];
  readonly health: readonly HealthResult[];
}

/** What an apply did to an environment: one outcome per cluster, all of them run. */
export interface EnvironmentOutcome {
  readonly environment: string;
  readonly sha: string;
  readonly status: "applied" | "dry-run" | "superseded" | "failed";
  readonly clusters: readonly ClusterOutcome[];
}

/** Returns the environment status from its clusters: failed if any failed, superseded if any was, else theirs. */
export function combineOutcomes(clusters: readonly ClusterOutcome[]): EnvironmentOutcome["status"] {
  if (clusters.some((c) => c.status === "failed")) return "failed";
  if (clusters.some((c) => c.status === "superseded")) return "superseded";
  return clusters.every((c) => c.status === "dry-run") && clusters.length > 0 ? "dry-run" : "applied";
}

/**
 * Returns the results of a server dry-run that failed, as the report must show them:
 * nothing was applied, so objects that passed are `skipped` (never `created`,
 * `configured` or `deleted`, which would read as changes), and failures stay as they are.
 */
export function buildDryRunFailureResults(results: readonly ObjectResult[]): ObjectResult[] {
  const failed = results.filter((r) => r.action === "failed").length;
  const why = `not applied: the server dry-run failed for ${failed} object(s)`;
  return results.map((r) => (r.action === "failed" || r.action === "skipped" ? r : { key: r.key, stage: r.stage, action: "skipped", message: why }));
}
