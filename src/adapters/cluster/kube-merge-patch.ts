import type { JsonObject, KubeObject } from "../../core/manifest/kube-object.ts";
import { parseResourceKey, type ResourceKey } from "../../core/manifest/resource-key.ts";
import { FIELD_MANAGER } from "../../core/plan/index.ts";
import { ClusterError } from "../../errors.ts";
import type { KubeDiscovery } from "./kube-discovery.ts";
import { statusOf, type KubeHttp } from "./kube-http.ts";
import { objectPath } from "./kube-object-ops.ts";

/**
 * Merge-patches (application/merge-patch+json, field manager `ferry`) one object
 * addressed by its ResourceKey, in its group's preferred version, and returns it as
 * stored. Used only on GitOps engines' own objects: a missing kind or object, or a
 * refusal, is a ClusterError that names the object and what to check.
 */
export async function mergePatchObject(params: { http: KubeHttp; discovery: KubeDiscovery; key: ResourceKey; patch: JsonObject }): Promise<KubeObject> {
  const { group, kind, namespace, name } = parseResourceKey(params.key);
  const served = await params.discovery.resolveGroupKind(group, kind);
  if (!served) throw new ClusterError({ code: "engine-failed", operation: "patch", resourceKey: params.key, message: `the cluster does not serve ${kind} (${group}); install the engine's CRDs or fix apply.engine` });
  const res = await params.http.send({ method: "PATCH", path: objectPath({ served, namespace, name }), query: { fieldManager: FIELD_MANAGER }, body: JSON.stringify(params.patch), contentType: "application/merge-patch+json", operation: "patch", resourceKey: params.key });
  if (res.status === 200) return res.body as KubeObject;
  const s = statusOf(res.body);
  const code = res.status === 401 || res.status === 403 ? "permission-denied" : res.status === 404 ? "engine-failed" : "cluster-unreachable";
  const hint = res.status === 404 ? "; check the name in apply settings and that the engine's object exists" : res.status === 403 ? "; grant Ferry patch on it (deploy/components/gitops-engine)" : "";
  throw new ClusterError({ code, operation: "patch", resourceKey: params.key, httpStatus: res.status, message: `patching ${params.key} failed with HTTP ${res.status} ${s.reason}: ${s.message}${hint}` });
}
