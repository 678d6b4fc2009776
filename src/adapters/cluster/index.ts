/**
 * The Kubernetes cluster adapter: KubeClusterClient (discovery, server-side apply with
 * field manager `ferry`, dry-run, get/list/delete, the inventory ConfigMap and the
 * apply Lease) and loading cluster credentials from Ferry's environment. Holds no
 * decisions (plan, prune and lease rules live in core/plan); never logs or echoes
 * kubeconfig content or Secret values.
 */
export { KubeClusterClient, type KubeClusterOptions } from "./kube-cluster-client.ts";
export { clusterOptions, loadClusters, loadEndpoint, readClusterCredentials, type ClusterCredentials } from "./load-clusters.ts";
export type { KubeEndpoint } from "./kube-http.ts";
export { DEFAULT_KUBE_TIMEOUTS, type KubeTimeouts } from "./kube-http.ts";
