/**
 * Plans an apply: which objects go to a cluster in which stage and order, what is
 * pruned, and which guard rails held. Pure: never reads the cluster (callers pass the
 * live state in), never mutates its arguments, output independent of input order.
 */
export * from "./apply-plan.ts";
export * from "./plan-constants.ts";
export { buildApplyPlan, type BuildApplyPlanParams, type LiveState, type PlanOptions } from "./build-apply-plan.ts";
export { buildIntentInventory, buildNextInventory } from "./build-inventory.ts";
export { compareForApply, kindRank, sortForApply } from "./order-for-apply.ts";
export { BUILT_IN_SCOPES, groupKind, scopesDefinedBy } from "./resource-scope.ts";
export * from "./apply-result.ts";
export * from "./apply-outcome.ts";
export * from "./render-apply-report.ts";
export * from "./decide-lease.ts";
export { withoutUnchanged } from "./without-unchanged.ts";
export { findInSync } from "./find-in-sync.ts";
