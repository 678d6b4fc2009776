import type { ResourceKey } from "../manifest/resource-key.ts";
import type { StageName } from "./apply-plan.ts";

/**
 * What happened to one object: applied (`created`/`configured`), pruned (`deleted`/`gone`),
 * or not. `unchanged`: the server dry-run returned the live object as it is, so the real
 * apply can skip it.
 */
export type ObjectAction = "created" | "configured" | "unchanged" | "deleted" | "gone" | "skipped" | "failed";

/** A field another manager owns, from a server-side apply conflict. */
export interface FieldConflict {
  /** The field path as the server names it, e.g. `.spec.replicas`. */
  readonly field: string;
  /** The field manager that owns it, e.g. `kubectl`. */
  readonly manager: string;
}

/** The result of applying (or dry-running) or pruning one object. Never carries object data. */
export interface ObjectResult {
  readonly key: ResourceKey;
  readonly stage: StageName | "prune";
  readonly action: ObjectAction;
  /** Why it failed or was skipped: the server's reason, with secret values masked. */
  readonly message?: string;
  readonly httpStatus?: number;
  readonly conflicts?: readonly FieldConflict[];
}

/** What one `ClusterWriter.apply` call did, per object, in plan order. `ok` when nothing failed. */
export interface ApplyReport {
  readonly ok: boolean;
  readonly results: readonly ObjectResult[];
}
