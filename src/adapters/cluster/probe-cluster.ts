import { isAppError } from "../../errors.ts";
import { KubeHttp } from "./kube-http.ts";
import { loadEndpoint, type ClusterCredentials } from "./load-clusters.ts";

/** What a readiness probe found about one cluster. */
export type ClusterProbe = { readonly status: "reachable" } | { readonly status: "unreachable"; readonly message: string };

/**
 * Returns whether a cluster's API server answers `GET /version` with Ferry's credentials
 * within `timeoutMs`. Never throws; the message names the cluster and what failed, never
 * kubeconfig content.
 */
export async function probeCluster(params: { name: string; credentials: ClusterCredentials; timeoutMs: number }): Promise<ClusterProbe> {
  let timer: NodeJS.Timeout | undefined;
  let http: KubeHttp | undefined;
  const timeout = new Promise<ClusterProbe>((resolve) => {
    timer = setTimeout(() => resolve({ status: "unreachable", message: `cluster ${params.name} did not answer within ${params.timeoutMs / 1000}s` }), params.timeoutMs);
  });
  const probe = (async (): Promise<ClusterProbe> => {
    http = new KubeHttp(await loadEndpoint(params.name, params.credentials), 1);
    const res = await http.send({ method: "GET", path: "/version", operation: "probe" });
    if (res.status === 200) return { status: "reachable" };
    return { status: "unreachable", message: `cluster ${params.name} answered GET /version with HTTP ${res.status}${res.status === 401 || res.status === 403 ? "; check Ferry's credentials for it" : ""}` };
  })().catch((error: unknown): ClusterProbe => ({ status: "unreachable", message: isAppError(error) ? error.message : `cluster ${params.name} cannot be probed` }));
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
    http?.close();
  }
}
