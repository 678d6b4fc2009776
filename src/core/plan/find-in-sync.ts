import { isInSync } from "../drift/compute-drift.ts";
import type { KubeObject } from "../manifest/kube-object.ts";
import { resourceKey, type ResourceKey } from "../manifest/resource-key.ts";
import type { StageName } from "./apply-plan.ts";
import type { ObjectResult } from "./apply-result.ts";
import { FIELD_MANAGER } from "./plan-constants.ts";

/**
 * Returns "unchanged" results for desired objects the live cluster already matches
 * field for field and that Ferry already applied (its field manager holds an Apply
 * entry), so neither the dry-run nor the apply needs a request for them. Objects Ferry
 * has not applied yet are always sent, so Ferry takes ownership of their fields and can
 * remove them later. Pure; the caller reads `live` in a few LISTs.
 */
export function findInSync(params: { desired: readonly KubeObject[]; live: ReadonlyMap<ResourceKey, KubeObject>; stageOf: (key: ResourceKey) => StageName | undefined }): ObjectResult[] {
  const results: ObjectResult[] = [];
  for (const obj of params.desired) {
    const key = resourceKey(obj);
    const live = params.live.get(key);
    const stage = params.stageOf(key);
    if (!live || !stage || !appliedByFerry(live)) continue;
    if (isInSync({ desired: obj, live, ignore: [] })) results.push({ key, stage, action: "unchanged" });
  }
  return results;
}

function appliedByFerry(live: KubeObject): boolean {
  const managed = live.metadata.managedFields;
  return Array.isArray(managed) && managed.some((m) => typeof m === "object" && m !== null && !Array.isArray(m) && m.manager === FIELD_MANAGER && m.operation === "Apply");
}
