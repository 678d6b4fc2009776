import { KubeConfig } from "@kubernetes/client-node";
import type { RequestOptions } from "node:https";
import { ClusterError } from "../../errors.ts";
import type { ClusterAccess, ClusterConnector } from "../../workflows/ports.ts";
import { KubeClusterClient, type KubeClusterOptions } from "./kube-cluster-client.ts";
import type { KubeEndpoint } from "./kube-http.ts";

/** Where one cluster's credentials come from: a kubeconfig file or its content, or the pod's service account. */
export type ClusterCredentials =
  | { readonly kubeconfig: string; readonly context?: string }
  | { readonly kubeconfigContent: string; readonly context?: string }
  | { readonly inCluster: true };

/**
 * Returns cluster name → credentials from Ferry's own environment, never from a repo:
 * `FERRY_CLUSTERS` (JSON: `{"prod-eu": {"kubeconfig": "/etc/ferry/prod.yaml", "context": "prod"}}`,
 * or `{"kubeconfigContent": "..."}`, or `{"inCluster": true}`), then
 * `FERRY_CLUSTER_<NAME>_KUBECONFIG` / `_CONTEXT` per cluster (NAME upper-cased, "-" → "_").
 */
export function readClusterCredentials(env: Readonly<Record<string, string | undefined>>): Map<string, ClusterCredentials> {
  const out = new Map<string, ClusterCredentials>();
  if (env.FERRY_CLUSTERS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.FERRY_CLUSTERS);
    } catch {
      // The variable may hold kubeconfig content: never echo it.
      throw new ClusterError({ code: "config-invalid", operation: "load clusters", message: "FERRY_CLUSTERS is not valid JSON; set it to an object of cluster name → {kubeconfig, context} or {inCluster: true}" });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ClusterError({ code: "config-invalid", operation: "load clusters", message: "FERRY_CLUSTERS must be a JSON object of cluster name → credentials" });
    for (const [name, value] of Object.entries(parsed as Record<string, Record<string, unknown>>)) {
      if (value?.inCluster === true) out.set(name, { inCluster: true });
      else if (typeof value?.kubeconfig === "string") out.set(name, { kubeconfig: value.kubeconfig, ...(typeof value.context === "string" ? { context: value.context } : {}) });
      else if (typeof value?.kubeconfigContent === "string") out.set(name, { kubeconfigContent: value.kubeconfigContent, ...(typeof value.context === "string" ? { context: value.context } : {}) });
      else throw new ClusterError({ code: "config-invalid", operation: "load clusters", message: `FERRY_CLUSTERS["${name}"] needs "kubeconfig" (a path), "kubeconfigContent" or "inCluster": true` });
    }
  }
  for (const [variable, value] of Object.entries(env)) {
    const match = /^FERRY_CLUSTER_([A-Z0-9_]+)_KUBECONFIG$/.exec(variable);
    if (!match?.[1] || !value) continue;
    const name = match[1].toLowerCase().replaceAll("_", "-");
    const context = env[`FERRY_CLUSTER_${match[1]}_CONTEXT`];
    if (!out.has(name)) out.set(name, { kubeconfig: value, ...(context ? { context } : {}) });
  }
  return out;
}

/**
 * Returns the endpoint (server, TLS material, auth headers) of a cluster from its
 * credentials, loaded with @kubernetes/client-node's KubeConfig, which knows every
 * kubeconfig auth form (tokens, client certificates, exec plugins, in-cluster).
 * Errors name the cluster and the context but never include kubeconfig content.
 */
export async function loadEndpoint(name: string, credentials: ClusterCredentials): Promise<KubeEndpoint> {
  const kc = new KubeConfig();
  try {
    if ("inCluster" in credentials) kc.loadFromCluster();
    else if ("kubeconfig" in credentials) kc.loadFromFile(credentials.kubeconfig);
    else kc.loadFromString(credentials.kubeconfigContent);
  } catch {
    const where = "kubeconfig" in credentials ? ` from ${credentials.kubeconfig}` : "";
    throw new ClusterError({ code: "config-invalid", operation: "load kubeconfig", message: `the kubeconfig of cluster ${name}${where} cannot be read; check the file and its format` });
  }
  const context = "context" in credentials ? credentials.context : undefined;
  if (context) {
    if (!kc.getContextObject(context)) throw new ClusterError({ code: "config-invalid", operation: "load kubeconfig", message: `the kubeconfig of cluster ${name} has no context "${context}"` });
    kc.setCurrentContext(context);
  }
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new ClusterError({ code: "config-invalid", operation: "load kubeconfig", message: `the kubeconfig of cluster ${name} names no server for its current context` });
  const options = async (): Promise<RequestOptions> => {
    const opts: RequestOptions = {};
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (error) {
      // client-node's own checks (plain http without insecure-skip-tls-verify, a failing
      // exec plugin): its first line says what is wrong; kubeconfig content never is in it.
      const why = (error instanceof Error ? error.message : String(error)).split("\n")[0]?.slice(0, 200) ?? "";
      throw new ClusterError({ code: "config-invalid", operation: "load kubeconfig", message: `the kubeconfig of cluster ${name} cannot be used (${why}); fix its server address or credentials` });
    }
    return opts;
  };
  const tls = await options();
  return {
    name,
    server,
    tls: { ca: tls.ca, cert: tls.cert, key: tls.key, ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}), ...(tls.servername ? { servername: tls.servername } : {}) },
    authHeaders: async () => {
      const opts = await options();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === "string") headers[k] = v;
      if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString("base64")}`;
      return headers;
    },
  };
}

/**
 * Returns a ClusterConnector over Ferry's environment (or credentials already read from
 * it): each cluster named in settings must have credentials there; an unknown name is a
 * clear failure.
 */
export function loadClusters(env: Readonly<Record<string, string | undefined>> | ReadonlyMap<string, ClusterCredentials>, options: KubeClusterOptions = {}): ClusterConnector {
  const credentials = env instanceof Map ? (env as ReadonlyMap<string, ClusterCredentials>) : readClusterCredentials(env as Readonly<Record<string, string | undefined>>);
  // One client per cluster and settings for a while: applies in quick succession (a push
  // to several environments, a retry, a re-apply) reuse its open connections (no new TLS
  // handshakes) and its discovery (about ten requests), as kubectl reuses its discovery
  // cache. After REUSE_MS the kubeconfig is read again, so rotated credentials are seen.
  const clients = new Map<string, { client: Promise<KubeClusterClient>; until: number }>();
  return async (name, access) => {
    const found = credentials.get(name);
    if (!found) throw new ClusterError({ code: "cluster-unreachable", operation: "connect", message: `Ferry has no credentials for cluster ${name}; set FERRY_CLUSTERS or FERRY_CLUSTER_${name.toUpperCase().replaceAll("-", "_")}_KUBECONFIG in Ferry's environment` });
    const clientOptions = { ...options, ...(access && clusterOptions(access)) };
    const id = `${name}\n${JSON.stringify(clientOptions)}`;
    const cached = clients.get(id);
    if (cached && cached.until > Date.now()) return cached.client;
    const client = loadEndpoint(name, found).then((endpoint) => new KubeClusterClient(endpoint, clientOptions));
    clients.set(id, { client, until: Date.now() + REUSE_MS });
    client.catch(() => clients.delete(id));
    return client;
  };
}

/** How long a connector hands out the same client for a cluster (ms). */
const REUSE_MS = 60_000;

/** Returns the client options of a repository's `cluster` settings (seconds become milliseconds). */
export function clusterOptions(access: ClusterAccess): KubeClusterOptions {
  return { concurrency: access.concurrency, timeouts: { connectMs: access.connectTimeout * 1000, responseMs: access.responseTimeout * 1000 } };
}
