import type { KubeObject } from "../manifest/kube-object.ts";

// kustomize v5.5 decides scope from the OpenAPI schema it embeds (Kubernetes 1.21), keyed
// by apiVersion and kind, not by group and kind: a type it does not know is namespaced.
// So `flowcontrol.apiserver.k8s.io/v1beta1` FlowSchema is cluster-scoped while `/v1` gets a
// namespace, and ValidatingAdmissionPolicy (newer than that schema) is namespaced too.
// Listed per group: the versions in which each kind is cluster-scoped.
const CLUSTER_SCOPED_BY_GROUP: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  "": { v1: ["ComponentStatus", "Namespace", "Node", "NodeProxyOptions", "PersistentVolume"] },
  "admissionregistration.k8s.io": { v1: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], v1beta1: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"] },
  "apiextensions.k8s.io": { v1: ["CustomResourceDefinition"], v1beta1: ["CustomResourceDefinition"] },
  "apiregistration.k8s.io": { v1: ["APIService"], v1beta1: ["APIService"] },
  "certificates.k8s.io": { v1: ["CertificateSigningRequest"], v1beta1: ["CertificateSigningRequest"] },
  "flowcontrol.apiserver.k8s.io": { v1beta1: ["FlowSchema", "PriorityLevelConfiguration"] },
  "networking.k8s.io": { v1: ["IngressClass"], v1beta1: ["IngressClass"] },
  "node.k8s.io": { v1: ["RuntimeClass"], v1beta1: ["RuntimeClass"] },
  policy: { v1beta1: ["PodSecurityPolicy"] },
  "rbac.authorization.k8s.io": { v1: ["ClusterRole", "ClusterRoleBinding"], v1beta1: ["ClusterRole", "ClusterRoleBinding"] },
  "scheduling.k8s.io": { v1: ["PriorityClass"], v1beta1: ["PriorityClass"] },
  "storage.k8s.io": { v1: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], v1beta1: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"] },
};

const CLUSTER_SCOPED_TYPES: ReadonlySet<string> = new Set(
  Object.entries(CLUSTER_SCOPED_BY_GROUP).flatMap(([group, versions]) =>
    Object.entries(versions).flatMap(([version, kinds]) => kinds.map((kind) => `${group === "" ? version : `${group}/${version}`}|${kind}`)),
  ),
);

/**
 * Returns true when kustomize v5.5 treats the object's type (apiVersion and kind) as
 * cluster-scoped: only types of its built-in schema that are; everything else, custom
 * resources and newer API versions included, is namespaced.
 */
export function isClusterScopedType(obj: Pick<KubeObject, "apiVersion" | "kind">): boolean {
  return CLUSTER_SCOPED_TYPES.has(`${obj.apiVersion}|${obj.kind}`);
}
