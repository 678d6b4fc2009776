import { isJsonObject, type KubeObject } from "../manifest/kube-object.ts";

/**
 * Returns true when `manager` owns fields of the live object (an entry of
 * `metadata.managedFields` with that manager, e.g. `kustomize-controller`). Such an
 * object may hold fields that manager applied and git no longer sets, which only a
 * dry-run apply as that manager reveals; a subset check cannot. Pure.
 */
export function isManagedBy(live: KubeObject, manager: string): boolean {
  const entries = live.metadata.managedFields;
  return Array.isArray(entries) && entries.some((e) => isJsonObject(e) && e.manager === manager && e.operation === "Apply");
}
