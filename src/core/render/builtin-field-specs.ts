/**
 * kustomize v5.5's built-in transformer configuration (its `builtinpluginconsts`), as
 * data: where namePrefix/nameSuffix, commonLabels, labels, commonAnnotations, namespace,
 * vars, images, replicas and name references look. Re-stated from kustomize's documented
 * defaults; the conformance suite checks them against `kubectl kustomize`. A
 * kustomization's `configurations:` files are merged onto this (transformer-config.ts).
 */
import type { FieldSpec } from "./field-spec.ts";
import type { NameBackReference, TransformerConfig } from "./transformer-config.ts";

type Gvk = Omit<FieldSpec, "path" | "create">;

const TEMPLATE_OWNERS: readonly Gvk[] = [
  { version: "v1", kind: "ReplicationController" },
  { kind: "Deployment" },
  { kind: "ReplicaSet" },
  { kind: "DaemonSet" },
  { group: "apps", kind: "StatefulSet" },
  { group: "batch", kind: "Job" },
];

function metadataMapSpecs(field: "labels" | "annotations"): FieldSpec[] {
  const specs: FieldSpec[] = [{ path: `metadata/${field}`, create: true }];
  for (const gvk of TEMPLATE_OWNERS) {
    // kustomize's annotation config names StatefulSet without its group; its label config with it.
    const owner = field === "annotations" && gvk.kind === "StatefulSet" ? { kind: "StatefulSet" } : gvk;
    specs.push({ ...owner, path: `spec/template/metadata/${field}`, create: true });
    if (field === "labels" && gvk.kind === "StatefulSet") specs.push({ ...gvk, path: "spec/volumeClaimTemplates[]/metadata/labels", create: true });
  }
  specs.push({ group: "batch", kind: "CronJob", path: `spec/jobTemplate/metadata/${field}`, create: true });
  specs.push({ group: "batch", kind: "CronJob", path: `spec/jobTemplate/spec/template/metadata/${field}`, create: true });
  return specs;
}

const TEMPLATE_LABELS = metadataMapSpecs("labels");

const AFFINITY_SELECTORS = [
  "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
  "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
  "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
];

const COMMON_LABELS: readonly FieldSpec[] = [
  { version: "v1", kind: "Service", path: "spec/selector", create: true },
  { version: "v1", kind: "ReplicationController", path: "spec/selector", create: true },
  { kind: "Deployment", path: "spec/selector/matchLabels", create: true },
  ...AFFINITY_SELECTORS.map((path) => ({ group: "apps", kind: "Deployment", path })),
  { kind: "ReplicaSet", path: "spec/selector/matchLabels", create: true },
  { kind: "DaemonSet", path: "spec/selector/matchLabels", create: true },
  { group: "apps", kind: "StatefulSet", path: "spec/selector/matchLabels", create: true },
  { group: "apps", kind: "StatefulSet", path: "spec/volumeClaimTemplates[]/metadata/labels", create: true },
  ...AFFINITY_SELECTORS.map((path) => ({ group: "apps", kind: "StatefulSet", path })),
  { group: "batch", kind: "Job", path: "spec/selector/matchLabels" },
  { group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/selector/matchLabels" },
  { group: "policy", kind: "PodDisruptionBudget", path: "spec/selector/matchLabels" },
  { group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/podSelector/matchLabels" },
  { group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/ingress/from/podSelector/matchLabels" },
  { group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/egress/to/podSelector/matchLabels" },
  ...TEMPLATE_LABELS,
];

/** Where a pod spec sits in each workload kind, for the per-kind reference lists. */
interface PodSpecOwner extends Gvk {
  readonly prefix: string;
}

const pod = (kind: string, prefix: string, extra: Gvk = {}): PodSpecOwner => ({ kind, prefix, ...extra });
const TEMPLATE = "spec/template/spec";
const CRON = "spec/jobTemplate/spec/template/spec";

function refs(owners: readonly PodSpecOwner[], suffixes: readonly string[]): FieldSpec[] {
  return owners.flatMap(({ prefix, ...gvk }) => suffixes.map((s) => ({ ...gvk, path: `${prefix}/${s}` })));
}

const CONFIG_MAP_OWNERS = [pod("Pod", "spec", { version: "v1" }), pod("PodTemplate", "template/spec"), pod("Deployment", TEMPLATE), pod("ReplicaSet", TEMPLATE), pod("DaemonSet", TEMPLATE), pod("StatefulSet", TEMPLATE), pod("Job", TEMPLATE)];
const CONFIG_MAP_REFS = ["volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name", "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name", "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name"];
const SECRET_REFS = ["volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name", "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name", "initContainers/envFrom/secretRef/name", "imagePullSecrets/name", "volumes/projected/sources/secret/name"];
// CronJob's lists come in their own order in kustomize's config; kept so for fidelity.
const CRON_CONFIG_MAP_REFS = ["volumes/configMap/name", "volumes/projected/sources/configMap/name", "containers/env/valueFrom/configMapKeyRef/name", "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name", "initContainers/envFrom/configMapRef/name"];
const CRON_SECRET_REFS = ["volumes/secret/secretName", "volumes/projected/sources/secret/name", "containers/env/valueFrom/secretKeyRef/name", "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name", "initContainers/envFrom/secretRef/name", "imagePullSecrets/name"];
const SIMPLE_OWNERS = [pod("Pod", "spec"), pod("StatefulSet", TEMPLATE), pod("Deployment", TEMPLATE), pod("ReplicationController", TEMPLATE), pod("CronJob", CRON), pod("Job", TEMPLATE), pod("DaemonSet", TEMPLATE)];
const knative = { group: "serving.knative.dev", version: "v1", kind: "Service" };
const rbac = "rbac.authorization.k8s.io";

const NAME_REFERENCE: readonly NameBackReference[] = [
  ...["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map((kind) => ({ kind, referrers: [{ kind: "HorizontalPodAutoscaler", path: "spec/scaleTargetRef/name" }] })),
  {
    kind: "ConfigMap",
    version: "v1",
    referrers: [
      ...refs(CONFIG_MAP_OWNERS, CONFIG_MAP_REFS),
      ...refs([pod("CronJob", CRON)], CRON_CONFIG_MAP_REFS),
      { kind: "Node", path: "spec/configSource/configMap" },
      { kind: "Role", path: "rules/resourceNames" },
      { kind: "ClusterRole", path: "rules/resourceNames" },
      { kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap" },
    ],
  },
  {
    kind: "Secret",
    version: "v1",
    referrers: [
      ...refs(CONFIG_MAP_OWNERS, SECRET_REFS),
      ...refs([pod("CronJob", CRON)], CRON_SECRET_REFS),
      { kind: "Ingress", path: "spec/tls/secretName" },
      ...["ingress.kubernetes.io", "nginx.ingress.kubernetes.io"].map((p) => ({ kind: "Ingress", path: `metadata/annotations/${p}\\/auth-secret` })),
      { kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret" },
      { kind: "ServiceAccount", path: "imagePullSecrets/name" },
      ...["secretName", "adminSecretName", "userSecretName", "secretRef"].map((p) => ({ kind: "StorageClass", path: `parameters/${p}` })),
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
  { kind: "Role", group: rbac, referrers: [{ group: rbac, kind: "RoleBinding", path: "roleRef/name" }] },
  { kind: "ClusterRole", group: rbac, referrers: [{ group: rbac, kind: "RoleBinding", path: "roleRef/name" }, { group: rbac, kind: "ClusterRoleBinding", path: "roleRef/name" }] },
  {
    kind: "ServiceAccount",
    version: "v1",
    referrers: [{ group: rbac, kind: "RoleBinding", path: "subjects" }, { group: rbac, kind: "ClusterRoleBinding", path: "subjects" }, ...refs(SIMPLE_OWNERS, ["serviceAccountName"])],
  },
  { kind: "PersistentVolumeClaim", version: "v1", referrers: refs(SIMPLE_OWNERS, ["volumes/persistentVolumeClaim/claimName"]) },
  { kind: "PersistentVolume", version: "v1", referrers: [{ kind: "PersistentVolumeClaim", path: "spec/volumeName" }, { kind: "ClusterRole", path: "rules/resourceNames" }] },
  {
    kind: "StorageClass",
    version: "v1",
    group: "storage.k8s.io",
    referrers: [{ kind: "PersistentVolume", path: "spec/storageClassName" }, { kind: "PersistentVolumeClaim", path: "spec/storageClassName" }, { kind: "StatefulSet", path: "spec/volumeClaimTemplates/spec/storageClassName" }],
  },
  { kind: "PriorityClass", version: "v1", group: "scheduling.k8s.io", referrers: refs(SIMPLE_OWNERS, ["priorityClassName"]) },
  // kustomize's config spells the group "networking.k8s.io/v1", which no object's group
  // equals, so IngressClass references are never rewritten; kept for fidelity.
  { kind: "IngressClass", version: "v1", group: "networking.k8s.io/v1", referrers: [{ kind: "Ingress", path: "spec/ingressClassName" }] },
  { kind: "ValidatingAdmissionPolicy", group: "admissionregistration.k8s.io", referrers: [{ kind: "ValidatingAdmissionPolicyBinding", group: "admissionregistration.k8s.io", path: "spec/policyName" }] },
];

const VAR_POD_OWNERS = [pod("CronJob", CRON), pod("DaemonSet", TEMPLATE), pod("Deployment", TEMPLATE), pod("Job", TEMPLATE), pod("Pod", "spec"), pod("ReplicaSet", TEMPLATE), pod("StatefulSet", TEMPLATE)];
const VAR_CONTAINER_FIELDS = ["args", "command", "env/value", "volumeMounts/mountPath"];

function varReferenceSpecs(): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const { prefix, ...gvk } of VAR_POD_OWNERS) {
    for (const list of ["containers", "initContainers"]) for (const f of VAR_CONTAINER_FIELDS) out.push({ ...gvk, path: `${prefix}/${list}/${f}` });
    // kustomize's CronJob entry misses the template's "spec" (so it never matches), and a
    // StatefulSet's NFS servers are looked up in its claim templates.
    if (gvk.kind === "CronJob") out.push({ ...gvk, path: "spec/jobTemplate/spec/template/volumes/nfs/server" });
    else if (gvk.kind === "StatefulSet") out.push({ ...gvk, path: "spec/volumeClaimTemplates/spec/nfs/server" });
    else out.push({ ...gvk, path: `${prefix}/volumes/nfs/server` });
    if (gvk.kind === "Deployment") out.push({ ...gvk, path: "spec/template/metadata/annotations" });
  }
  out.push(
    { kind: "Ingress", path: "spec/rules/host" },
    { kind: "Ingress", path: "spec/tls/hosts" },
    { kind: "Ingress", path: "spec/tls/secretName" },
    { kind: "Service", path: "spec/ports/port" },
    { kind: "Service", path: "spec/ports/targetPort" },
    { kind: "PersistentVolume", path: "spec/nfs/server" },
    { path: "metadata/labels" },
    { path: "metadata/annotations" },
  );
  return out;
}

/** kustomize v5.5's default transformer configuration. */
export const BUILTIN_TRANSFORMER_CONFIG: TransformerConfig = {
  namePrefix: [{ path: "metadata/name" }],
  nameSuffix: [{ path: "metadata/name" }],
  commonLabels: COMMON_LABELS,
  labels: [],
  templateLabels: TEMPLATE_LABELS,
  commonAnnotations: metadataMapSpecs("annotations"),
  namespace: [
    { kind: "Namespace", path: "metadata/name", create: true },
    { group: "apiregistration.k8s.io", kind: "APIService", path: "spec/service/namespace", create: true },
    { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", path: "spec/conversion/webhook/clientConfig/service/namespace" },
  ],
  varReference: varReferenceSpecs(),
  nameReference: NAME_REFERENCE,
  images: ["spec/containers[]/image", "spec/initContainers[]/image", "spec/template/spec/containers[]/image", "spec/template/spec/initContainers[]/image"].map((path) => ({ path, create: true })),
  replicas: ["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map((kind) => ({ kind, path: "spec/replicas", create: true })),
};

/** Kinds namePrefix / nameSuffix never rename. */
export const AFFIX_SKIPPED: readonly { group?: string; kind: string }[] = [
  { kind: "CustomResourceDefinition" },
  { group: "apiregistration.k8s.io", kind: "APIService" },
  { kind: "Namespace" },
];
