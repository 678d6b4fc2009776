/**
 * The list fields kustomize merges by key in a strategic merge patch: those whose type
 * in kustomize's built-in OpenAPI document (Kubernetes 1.21) carries
 * `x-kubernetes-patch-strategy: merge`. Keys are `x-kubernetes-list-map-keys` when the
 * document has them, else `x-kubernetes-patch-merge-key`; an empty key list is a
 * merged list of scalars (finalizers). Every other list is replaced by the patch, and
 * kinds kustomize has no schema for (CRDs) replace every list.
 */

type FieldKeys = Readonly<Record<string, readonly string[]>>;

const CONTAINER: FieldKeys = { env: ["name"], ports: ["containerPort", "protocol"], volumeMounts: ["mountPath"], volumeDevices: ["devicePath"] };
const POD_SPEC: FieldKeys = {
  containers: ["name"],
  initContainers: ["name"],
  ephemeralContainers: ["name"],
  volumes: ["name"],
  imagePullSecrets: ["name"],
  hostAliases: ["ip"],
  topologySpreadConstraints: ["topologyKey", "whenUnsatisfiable"],
};
const OBJECT_META: FieldKeys = { finalizers: [], ownerReferences: ["uid"] };

/** A node of the merge schema: which list fields below it merge, and with which keys. */
export interface MergeSchema {
  readonly lists: FieldKeys;
  readonly fields: Readonly<Record<string, MergeSchema>>;
  /** Schema of each element when this node is a list. */
  readonly items?: MergeSchema;
}

const LEAF: MergeSchema = { lists: {}, fields: {} };
const CONTAINER_SCHEMA: MergeSchema = { lists: CONTAINER, fields: {} };
const META_SCHEMA: MergeSchema = { lists: OBJECT_META, fields: {} };
const POD_SPEC_SCHEMA: MergeSchema = {
  lists: POD_SPEC,
  fields: { containers: { ...LEAF, items: CONTAINER_SCHEMA }, initContainers: { ...LEAF, items: CONTAINER_SCHEMA }, ephemeralContainers: { ...LEAF, items: CONTAINER_SCHEMA } },
};
const TEMPLATE_SCHEMA: MergeSchema = { lists: {}, fields: { metadata: META_SCHEMA, spec: POD_SPEC_SCHEMA } };
const WORKLOAD_SCHEMA: MergeSchema = { lists: {}, fields: { metadata: META_SCHEMA, spec: { lists: {}, fields: { template: TEMPLATE_SCHEMA } } } };
const PLAIN_SCHEMA: MergeSchema = { lists: {}, fields: { metadata: META_SCHEMA } };

const BY_KIND: Readonly<Record<string, MergeSchema>> = {
  "v1/Pod": { lists: {}, fields: { metadata: META_SCHEMA, spec: POD_SPEC_SCHEMA } },
  "v1/PodTemplate": { lists: {}, fields: { metadata: META_SCHEMA, template: TEMPLATE_SCHEMA } },
  "v1/ReplicationController": WORKLOAD_SCHEMA,
  "apps/v1/Deployment": WORKLOAD_SCHEMA,
  "apps/v1/StatefulSet": WORKLOAD_SCHEMA,
  "apps/v1/DaemonSet": WORKLOAD_SCHEMA,
  "apps/v1/ReplicaSet": WORKLOAD_SCHEMA,
  "batch/v1/Job": WORKLOAD_SCHEMA,
  "batch/v1/CronJob": cronJob(),
  "batch/v1beta1/CronJob": cronJob(),
  "v1/Service": { lists: {}, fields: { metadata: META_SCHEMA, spec: { lists: { ports: ["port", "protocol"] }, fields: {} } } },
  "v1/ServiceAccount": { lists: { secrets: ["name"] }, fields: { metadata: META_SCHEMA } },
  // Webhook configurations merge their webhooks by name (kubebuilder's webhook patches rely on it).
  ...Object.fromEntries(
    ["v1", "v1beta1"].flatMap((v) => ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"].map((kind) => [`admissionregistration.k8s.io/${v}/${kind}`, { lists: { webhooks: ["name"] }, fields: { metadata: META_SCHEMA } }])),
  ),
};

// Built-in kinds without merged lists of their own still merge metadata lists.
const PLAIN_KINDS = [
  "v1/ConfigMap", "v1/Secret", "v1/Namespace", "v1/PersistentVolumeClaim", "v1/PersistentVolume", "v1/Endpoints", "v1/LimitRange",
  "v1/ResourceQuota", "v1/Node", "v1/Event", "apps/v1/ControllerRevision", "networking.k8s.io/v1/Ingress",
  "networking.k8s.io/v1/NetworkPolicy", "networking.k8s.io/v1/IngressClass", "rbac.authorization.k8s.io/v1/Role",
  "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/RoleBinding", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
  "policy/v1/PodDisruptionBudget", "policy/v1beta1/PodDisruptionBudget", "autoscaling/v1/HorizontalPodAutoscaler",
  "autoscaling/v2beta1/HorizontalPodAutoscaler", "autoscaling/v2beta2/HorizontalPodAutoscaler", "storage.k8s.io/v1/StorageClass",
  "storage.k8s.io/v1/CSIDriver", "storage.k8s.io/v1/CSINode", "storage.k8s.io/v1/VolumeAttachment", "scheduling.k8s.io/v1/PriorityClass",
  "coordination.k8s.io/v1/Lease", "apiextensions.k8s.io/v1/CustomResourceDefinition",
  "apiregistration.k8s.io/v1/APIService", "certificates.k8s.io/v1/CertificateSigningRequest", "discovery.k8s.io/v1/EndpointSlice",
  "node.k8s.io/v1/RuntimeClass",
];

function cronJob(): MergeSchema {
  return { lists: {}, fields: { metadata: META_SCHEMA, spec: { lists: {}, fields: { jobTemplate: { lists: {}, fields: { spec: { lists: {}, fields: { template: TEMPLATE_SCHEMA } } } } } } } };
}

/** Returns the merge schema of a kind, or undefined when kustomize has none (CRDs, unknown versions). */
export function mergeSchemaFor(apiVersion: string, kind: string): MergeSchema | undefined {
  const key = `${apiVersion}/${kind}`;
  return BY_KIND[key] ?? (PLAIN_KINDS.includes(key) ? PLAIN_SCHEMA : undefined);
}
