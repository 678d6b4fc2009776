import { isJsonObject, type KubeObject } from "../manifest/kube-object.ts";
import type { DriftItem } from "../drift/compute-drift.ts";
import { statusOf } from "./engine-progress.ts";

/**
 * Returns the drift Argo CD reports for an Application, as Ferry's drift items: each
 * entry of `status.resources[]` whose status is OutOfSync is `missing` when Argo CD's
 * health says Missing, `orphaned` when it requires pruning (live, gone from git), and
 * `modified` otherwise (Argo CD's status names the object, not its fields). Sorted by
 * key; pure and deterministic.
 */
export function computeArgoDrift(app: KubeObject): DriftItem[] {
  const resources = statusOf(app).resources;
  const defaultNamespace = isJsonObject(app.spec) && isJsonObject(app.spec.destination) ? String(app.spec.destination.namespace ?? "") : "";
  const items: DriftItem[] = [];
  for (const r of Array.isArray(resources) ? resources.filter(isJsonObject) : []) {
    if (r.status !== "OutOfSync") continue;
    // Argo CD leaves namespace empty for cluster-scoped objects and, for namespaced ones without one in git, means the destination namespace.
    const namespace = typeof r.namespace === "string" && r.namespace !== "" ? r.namespace : r.namespaced === true ? defaultNamespace : "";
    const key = `${String(r.group ?? "")}/${String(r.kind ?? "")}/${namespace}/${String(r.name ?? "")}`;
    const health = isJsonObject(r.health) ? r.health.status : undefined;
    if (health === "Missing") items.push({ type: "missing", key });
    else if (r.requiresPruning === true) items.push({ type: "orphaned", key });
    else items.push({ type: "modified", key, fields: [{ path: "(Argo CD)", live: "OutOfSync", desired: "Synced" }] });
  }
  return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
