import type { ApplyPlan } from "./apply-plan.ts";
import type { ObjectResult } from "./apply-result.ts";

/**
 * Returns `plan` without the objects its server dry-run found unchanged: applying them
 * again would be a no-op write. Stages, their order and the prune set stay as they are.
 * Pure; `plan` is not mutated.
 */
export function withoutUnchanged(plan: ApplyPlan, dryRun: readonly ObjectResult[]): ApplyPlan {
  const unchanged = new Set(dryRun.filter((r) => r.action === "unchanged").map((r) => r.key));
  if (unchanged.size === 0) return plan;
  return { ...plan, stages: plan.stages.map((s) => ({ ...s, objects: s.objects.filter((o) => !unchanged.has(o.key)) })) };
}
