import type { KubeObject } from "../manifest/kube-object.ts";
import type { ResourceKey } from "../manifest/resource-key.ts";

/** The three apply stages, in the order they run. */
export const STAGE_NAMES = ["definitions", "cluster", "namespaced"] as const;
/** `definitions`: Namespaces and CRDs; `cluster`: other cluster-scoped kinds; `namespaced`: the rest. */
export type StageName = (typeof STAGE_NAMES)[number];

/** One object to apply. */
export interface PlannedObject {
  readonly key: ResourceKey;
  /** The object as it will be sent: namespace filled in for namespaced kinds, dropped for cluster-scoped ones. */
  readonly object: KubeObject;
  /** True when the object's kind is defined by a CRD in this same plan (its dry-run waits for the CRD). */
  readonly definedByPlan: boolean;
}

/** A group of objects applied together; the next stage starts only when this one succeeded. */
export interface ApplyStage {
  readonly name: StageName;
  readonly objects: readonly PlannedObject[];
}

/** An object Ferry applied before that git no longer has, to delete after the apply succeeds. */
export interface PruneItem {
  readonly key: ResourceKey;
  /** apiVersion of the live object when known, else undefined (the adapter uses the preferred version). */
  readonly apiVersion: string | undefined;
}

/** Severity of a plan finding; `error` blocks the whole plan. */
export type FindingSeverity = "error" | "warning" | "notice";

/** Something the plan noticed: a guard rail that held, or why a resource is not touched. */
export interface PlanFinding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  readonly resourceKey: ResourceKey | undefined;
  readonly message: string;
}

/**
 * What Ferry will do to one cluster for one environment: apply stages in order, then
 * delete `prune` in order. `blocked` is true when a finding is an error; a blocked plan
 * must not be applied. `keep` lists inventory keys to carry forward untouched (objects a
 * guard rail kept), `release` lists keys Ferry stops tracking without deleting them.
 */
export interface ApplyPlan {
  readonly stages: readonly ApplyStage[];
  readonly prune: readonly PruneItem[];
  readonly keep: readonly ResourceKey[];
  readonly release: readonly ResourceKey[];
  readonly findings: readonly PlanFinding[];
  readonly blocked: boolean;
}
