import type { ResourceKey } from "../manifest/resource-key.ts";
import type { ApplyPlan } from "./apply-plan.ts";
import { sortForApply } from "./order-for-apply.ts";

/**
 * Returns the inventory to record before applying `plan`: everything it may touch
 * (desired, prune set, kept), so a process killed mid-apply leaves an inventory that
 * still names every object it might have created, and the next run can prune them.
 */
export function buildIntentInventory(plan: ApplyPlan, previous: readonly ResourceKey[]): ResourceKey[] {
  const released = new Set(plan.release);
  const keys = new Set([...previous.filter((k) => !released.has(k)), ...plan.stages.flatMap((s) => s.objects.map((o) => o.key)), ...plan.keep]);
  return sortForApply([...keys]);
}

/**
 * Returns the inventory to record after applying `plan`: the desired keys, the kept
 * ones, and every prune item that was not confirmed deleted (`deleted` holds the keys
 * whose delete succeeded or that were already gone), so a failed delete is retried by
 * the next run. Sorted in apply order.
 */
export function buildNextInventory(plan: ApplyPlan, deleted: ReadonlySet<ResourceKey>): ResourceKey[] {
  const keys = new Set([...plan.stages.flatMap((s) => s.objects.map((o) => o.key)), ...plan.keep, ...plan.prune.map((p) => p.key).filter((k) => !deleted.has(k))]);
  return sortForApply([...keys]);
}
