/**
 * The kinds kustomize's legacy sort puts first and last. Ferry's renderer prints in
 * this order (to match kustomize byte for byte) and its apply plan uses the same order
 * (definitions and config before the workloads that use them, webhooks last), like
 * cli-utils.
 */
/** kustomize's legacy order: these kinds first, in this order… */
export const LEGACY_ORDER_FIRST: readonly string[] = [
  "Namespace",
  "ResourceQuota",
  "StorageClass",
  "CustomResourceDefinition",
  "ServiceAccount",
  "PodSecurityPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "ConfigMap",
  "Secret",
  "Endpoints",
  "Service",
  "LimitRange",
  "PriorityClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Deployment",
  "StatefulSet",
  "CronJob",
  "PodDisruptionBudget",
];

/** …and these last; every other kind sits between, ordered by group, version and kind. */
export const LEGACY_ORDER_LAST: readonly string[] = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];
