import type { KubeObject } from "../manifest/kube-object.ts";
import { apiGroup } from "../manifest/resource-key.ts";
import { isJsonObject } from "../manifest/kube-object.ts";

/** Returns the `group/kind` a scope table is keyed by. */
export function groupKind(group: string, kind: string): string {
  return `${group}/${kind}`;
}

// Used when the cluster's discovery is not passed in (previews, tests): the built-in
// cluster-scoped kinds of Kubernetes 1.32.
const BUILT_IN_CLUSTER_SCOPED = [
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "/ComponentStatus",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "apiregistration.k8s.io/APIService",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/CSINode",
  "storage.k8s.io/VolumeAttachment",
  "scheduling.k8s.io/PriorityClass",
  "node.k8s.io/RuntimeClass",
  "networking.k8s.io/IngressClass",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "certificates.k8s.io/CertificateSigningRequest",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
];

/** The built-in kinds' scopes: `group/kind` → namespaced. Kinds not listed are namespaced. */
export const BUILT_IN_SCOPES: ReadonlyMap<string, boolean> = new Map(BUILT_IN_CLUSTER_SCOPED.map((gk) => [gk, false]));

/** Returns `group/kind` → namespaced for the kinds CRDs among `objects` define. */
export function scopesDefinedBy(objects: readonly KubeObject[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const obj of objects) {
    if (obj.kind !== "CustomResourceDefinition" || apiGroup(obj.apiVersion) !== "apiextensions.k8s.io") continue;
    const spec = isJsonObject(obj.spec) ? obj.spec : {};
    const names = isJsonObject(spec.names) ? spec.names : {};
    if (typeof spec.group !== "string" || typeof names.kind !== "string") continue;
    out.set(groupKind(spec.group, names.kind), spec.scope !== "Cluster");
  }
  return out;
}
