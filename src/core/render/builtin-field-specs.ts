/**
 * kustomize v5.5's built-in field specs (its `builtinpluginconsts`), as data: which
 * fields commonLabels, labels, commonAnnotations, namespace and name references touch.
 * Re-stated from kustomize's documented defaults; the conformance suite checks them
 * against `kubectl kustomize`.
 */
import type { FieldSpec } from "./field-spec.ts";

const WORKLOADS_WITH_TEMPLATES: readonly Omit<FieldSpec, "path">[] = [
  { version: "v1", kind: "ReplicationController" },
  { kind: "Deployment" },
  { kind: "ReplicaSet" },
  { kind: "DaemonSet" },
  { group: "apps", kind: "StatefulSet" },
  { group: "batch", kind: "Job" },
];

function metadataFieldSpecs(field: "labels" | "annotations"): FieldSpec[] {
  const specs: FieldSpec[] = [{ path: `metadata/${field}`, create: true }];
  for (const gvk of WORKLOADS_WITH_TEMPLATES) specs.push({ ...gvk, path: `spec/template/metadata/${field}`, create: true });
  if (field === "labels") specs.push({ group: "apps", kind: "StatefulSet", path: "spec/volumeClaimTemplates[]/metadata/labels", create: true });
  specs.push({ group: "batch", kind: "CronJob", path: `spec/jobTemplate/metadata/${field}`, create: true });
  specs.push({ group: "batch", kind: "CronJob", path: `spec/jobTemplate/spec/template/metadata/${field}`, create: true });
  return specs;
}

/** Labels on objects and on the pod templates they own (labels' `includeTemplates`). */
export const TEMPLATE_LABEL_FIELD_SPECS: readonly FieldSpec[] = metadataFieldSpecs("labels");

const AFFINITY_PATHS = [
  "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
  "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
];

/** commonLabels (and labels' `includeSelectors`): metadata, templates and selectors. */
export const COMMON_LABEL_FIELD_SPECS: readonly FieldSpec[] = [
  { version: "v1", kind: "Service", path: "spec/selector", create: true },
  { version: "v1", kind: "ReplicationController", path: "spec/selector", create: true },
  { kind: "Deployment", path: "spec/selector/matchLabels", create: true },
  ...AFFINITY_PATHS.map((path) => ({ group: "apps", kind: "Deployment", path })),
  { kind: "ReplicaSet", path: "spec/selector/matchLabels", create: true },
  { kind: "DaemonSet", path: "spec/selector/matchLabels", create: true },
  { group: "apps", kind: "StatefulSet", path: "spec/selector/matchLabels", create: true },
  ...AFFINITY_PATHS.map((path) => ({ group: "apps", kind: "StatefulSet", path })),
  { group: "batch", kind: "Job", path: "spec/selector/matchLabels" },
  { group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/selector/matchLabels" },
  { group: "policy", kind: "PodDisruptionBudget", path: "spec/selector/matchLabels" },
  { group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/podSelector/matchLabels" },
  { group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/ingress/from/podSelector/matchLabels" },
  { group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/egress/to/podSelector/matchLabels" },
  ...TEMPLATE_LABEL_FIELD_SPECS,
];

/** commonAnnotations: metadata and pod templates. */
export const COMMON_ANNOTATION_FIELD_SPECS: readonly FieldSpec[] = metadataFieldSpecs("annotations");

/** The namespace transformer's fields besides metadata.namespace (handled specially). */
export const NAMESPACE_FIELD_SPECS: readonly FieldSpec[] = [
  { kind: "Namespace", path: "metadata/name", create: true },
  { group: "apiregistration.k8s.io", kind: "APIService", path: "spec/service/namespace", create: true },
  { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", path: "spec/conversion/webhook/clientConfig/service/namespace" },
];

/** Kinds namePrefix / nameSuffix never rename. */
export const AFFIX_SKIPPED: readonly { group?: string; kind: string }[] = [
  { kind: "CustomResourceDefinition" },
  { group: "apiregistration.k8s.io", kind: "APIService" },
  { kind: "Namespace" },
];

/** Workload fields a `replicas` entry sets. */
export const REPLICA_FIELD_SPECS: readonly FieldSpec[] = ["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map((kind) => ({
  kind,
  path: "spec/replicas",
  create: true,
}));

/** A kind whose name other objects refer to, and the fields that refer to it. */
export interface NameReference {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly referrers: readonly FieldSpec[];
}

const POD_TEMPLATE_OWNERS: readonly { kind: string; prefix: string; version?: string }[] = [
  { kind: "Pod", prefix: "spec", version: "v1" },
  { kind: "Deployment", prefix: "spec/template/spec" },
  { kind: "ReplicaSet", prefix: "spec/template/spec" },
  { kind: "DaemonSet", prefix: "spec/template/spec" },
  { kind: "StatefulSet", prefix: "spec/template/spec" },
  { kind: "Job", prefix: "spec/template/spec" },
  { kind: "CronJob", prefix: "spec/jobTemplate/spec/template/spec" },
];

function podSpecRefs(suffixes: readonly string[], owners: readonly { kind: string; prefix: string; version?: string }[] = POD_TEMPLATE_OWNERS): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const owner of owners) {
    for (const suffix of suffixes) out.push({ kind: owner.kind, version: owner.version, path: `${owner.prefix}/${suffix}` });
  }
  return out;
}

const SIMPLE_POD_OWNERS: readonly { kind: string; prefix: string }[] = [
  { kind: "Pod", prefix: "spec" },
  { kind: "StatefulSet", prefix: "spec/template/spec" },
  { kind: "Deployment", prefix: "spec/template/spec" },
  { kind: "ReplicationController", prefix: "spec/template/spec" },
  { kind: "CronJob", prefix: "spec/jobTemplate/spec/template/spec" },
  { kind: "Job", prefix: "spec/template/spec" },
  { kind: "DaemonSet", prefix: "spec/template/spec" },
];

const knative = { group: "serving.knative.dev", version: "v1", kind: "Service" };

/** kustomize's default nameReference configuration. */
export const NAME_REFERENCES: readonly NameReference[] = [
  ...["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map((kind) => ({
    kind,
    referrers: [{ kind: "HorizontalPodAutoscaler", path: "spec/scaleTargetRef/name" }],
  })),
  {
    kind: "ConfigMap",
    version: "v1",
    referrers: [
      ...podSpecRefs([
        "volumes/configMap/name",
        "containers/env/valueFrom/configMapKeyRef/name",
        "initContainers/env/valueFrom/configMapKeyRef/name",
        "containers/envFrom/configMapRef/name",
        "initContainers/envFrom/configMapRef/name",
        "volumes/projected/sources/configMap/name",
      ]),
      { kind: "Node", path: "spec/configSource/configMap" },
      { kind: "Role", path: "rules/resourceNames" },
      { kind: "ClusterRole", path: "rules/resourceNames" },
      { kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap" },
      { ...knative, path: "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name" },
      { ...knative, path: "spec/template/spec/containers/envFrom/configMapRef/name" },
    ],
  },
  {
    kind: "Secret",
    version: "v1",
    referrers: [
      ...podSpecRefs([
        "volumes/secret/secretName",
        "containers/env/valueFrom/secretKeyRef/name",
        "initContainers/env/valueFrom/secretKeyRef/name",
        "containers/envFrom/secretRef/name",
        "initContainers/envFrom/secretRef/name",
        "imagePullSecrets/name",
        "volumes/projected/sources/secret/name",
      ]),
      { kind: "Ingress", path: "spec/tls/secretName" },
      { kind: "Ingress", path: "metadata/annotations/ingress.kubernetes.io\\/auth-secret" },
      { kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret" },
      { kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret" },
      { kind: "ServiceAccount", path: "imagePullSecrets/name" },
      { kind: "StorageClass", path: "parameters/secretName" },
      { kind: "StorageClass", path: "parameters/adminSecretName" },
      { kind: "StorageClass", path: "parameters/userSecretName" },
      { kind: "StorageClass", path: "parameters/secretRef" },
      { kind: "Role", path: "rules/resourceNames" },
      { kind: "ClusterRole", path: "rules/resourceNames" },
      { ...knative, path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name" },
      { kind: "PersistentVolume", path: "spec/azureFile/secretName" },
    ],
  },
  {
    kind: "Service",
    version: "v1",
    referrers: [
      { group: "apps", kind: "StatefulSet", path: "spec/serviceName" },
      { kind: "Ingress", path: "spec/rules/http/paths/backend/serviceName" },
      { kind: "Ingress", path: "spec/backend/serviceName" },
      { kind: "Ingress", path: "spec/rules/http/paths/backend/service/name" },
      { kind: "Ingress", path: "spec/defaultBackend/service/name" },
      { group: "apiregistration.k8s.io", kind: "APIService", path: "spec/service/name" },
      { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", path: "webhooks/clientConfig/service" },
      { group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration", path: "webhooks/clientConfig/service" },
    ],
  },
  {
    kind: "Role",
    group: "rbac.authorization.k8s.io",
    referrers: [{ group: "rbac.authorization.k8s.io", kind: "RoleBinding", path: "roleRef/name" }],
  },
  {
    kind: "ClusterRole",
    group: "rbac.authorization.k8s.io",
    referrers: [
      { group: "rbac.authorization.k8s.io", kind: "RoleBinding", path: "roleRef/name" },
      { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", path: "roleRef/name" },
    ],
  },
  {
    kind: "ServiceAccount",
    version: "v1",
    referrers: [
      { group: "rbac.authorization.k8s.io", kind: "RoleBinding", path: "subjects" },
      { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", path: "subjects" },
      ...SIMPLE_POD_OWNERS.map((o) => ({ kind: o.kind, path: `${o.prefix}/serviceAccountName` })),
    ],
  },
  {
    kind: "PersistentVolumeClaim",
    version: "v1",
    referrers: SIMPLE_POD_OWNERS.map((o) => ({ kind: o.kind, path: `${o.prefix}/volumes/persistentVolumeClaim/claimName` })),
  },
  {
    kind: "PersistentVolume",
    version: "v1",
    referrers: [
      { kind: "PersistentVolumeClaim", path: "spec/volumeName" },
      { kind: "ClusterRole", path: "rules/resourceNames" },
    ],
  },
  {
    kind: "StorageClass",
    version: "v1",
    group: "storage.k8s.io",
    referrers: [
      { kind: "PersistentVolume", path: "spec/storageClassName" },
      { kind: "PersistentVolumeClaim", path: "spec/storageClassName" },
      { kind: "StatefulSet", path: "spec/volumeClaimTemplates/spec/storageClassName" },
    ],
  },
  {
    kind: "PriorityClass",
    version: "v1",
    group: "scheduling.k8s.io",
    referrers: SIMPLE_POD_OWNERS.map((o) => ({ kind: o.kind, path: `${o.prefix}/priorityClassName` })),
  },
  {
    kind: "IngressClass",
    version: "v1",
    // kustomize's config spells the group "networking.k8s.io/v1", which no object's group
    // equals, so IngressClass references are never rewritten; kept for fidelity.
    group: "networking.k8s.io/v1",
    referrers: [{ kind: "Ingress", path: "spec/ingressClassName" }],
  },
];

/**
 * Kinds the API server keeps outside namespaces (kustomize's built-in OpenAPI list):
 * the namespace transformer skips them and name references across namespaces allow them.
 * Unknown kinds (custom resources) count as namespaced, as in kustomize.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "/ComponentStatus",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/CSINode",
  "storage.k8s.io/VolumeAttachment",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "apiregistration.k8s.io/APIService",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "scheduling.k8s.io/PriorityClass",
  "node.k8s.io/RuntimeClass",
  "policy/PodSecurityPolicy",
  "certificates.k8s.io/CertificateSigningRequest",
  "networking.k8s.io/IngressClass",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
  "authentication.k8s.io/TokenReview",
  "authentication.k8s.io/SelfSubjectReview",
  "authorization.k8s.io/SelfSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectRulesReview",
  "authorization.k8s.io/SubjectAccessReview",
  "extensions/PodSecurityPolicy",
]);
