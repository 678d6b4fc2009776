/**
 * Ferry's operational endpoints, in front of Probot's request handlers on the same
 * HTTP server: `GET /healthz` (the process is up), `GET /readyz` (settings valid,
 * private key loaded, not shutting down; every cluster probed and reported, with a
 * timeout) and `GET /metrics` (Prometheus text). While shutting down, webhook
 * deliveries are refused with 503 so GitHub records them as failed (and they can be
 * redelivered to another replica) instead of being half-handled.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { ClusterProbe } from "../cluster/probe-cluster.ts";
import type { Metrics } from "../../workflows/metrics.ts";

/** What the endpoints read from the running server. */
export interface OpsState {
  /** The Probot webhook path (`/api/github/webhooks`). */
  readonly webhookPath: string;
  /** Whether the App's private key was loaded (false in setup mode). */
  readonly privateKeyLoaded: boolean;
  /** True once shutdown began. */
  draining(): boolean;
  /** Names of the clusters Ferry has credentials for. */
  readonly clusters: readonly string[];
  /** Probes one cluster (with its own timeout). */
  probe(cluster: string): Promise<ClusterProbe>;
  /** Returns the Prometheus text. */
  metricsText(): Promise<string>;
  readonly metricsContentType: string;
  readonly metrics: Pick<Metrics, "delivery">;
}

/** Returns the JSON body and status of `/readyz`. */
export async function readReadiness(state: OpsState): Promise<{ status: number; body: Record<string, unknown> }> {
  const clusters = Object.fromEntries(await Promise.all(state.clusters.map(async (name) => [name, await state.probe(name)] as const)));
  const checks = { settings: "ok", privateKey: state.privateKeyLoaded ? "ok" : "missing", shutdown: state.draining() ? "in progress" : "no" };
  // Clusters are reported, never gating: one unreachable cluster must not take every
  // replica out of the Service, or no webhook (for any other cluster) would arrive.
  const ready = state.privateKeyLoaded && !state.draining();
  return { status: ready ? 200 : 503, body: { status: ready ? "ready" : "not ready", checks, clusters } };
}

/**
 * Puts the endpoints in front of every request listener `server` has now (Probot's),
 * which still see every other request unchanged.
 */
export function installOpsEndpoints(server: Server, state: OpsState): void {
  const listeners = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!handle(req, res, state)) for (const listener of listeners) listener.call(server, req, res);
  });
}

// Returns true when the request was answered here.
function handle(req: IncomingMessage, res: ServerResponse, state: OpsState): boolean {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method === "GET" && path === "/healthz") {
    json(res, 200, { status: "ok" });
    return true;
  }
  if (req.method === "GET" && path === "/readyz") {
    void readReadiness(state).then(({ status, body }) => json(res, status, body), () => json(res, 503, { status: "not ready" }));
    return true;
  }
  if (req.method === "GET" && path === "/metrics") {
    void state.metricsText().then(
      (text) => res.writeHead(200, { "content-type": state.metricsContentType }).end(text),
      () => res.writeHead(500).end(),
    );
    return true;
  }
  if (req.method === "POST" && path === state.webhookPath) {
    const event = String(req.headers["x-github-event"] ?? "");
    if (state.draining()) {
      state.metrics.delivery({ event, outcome: "draining" });
      req.resume();
      json(res, 503, { error: "Ferry is shutting down; redeliver this webhook and another replica handles it" });
      return true;
    }
    // A signature or payload Probot refuses is answered 4xx by Probot; counted here.
    res.once("finish", () => {
      if (res.statusCode >= 400 && res.statusCode < 500) state.metrics.delivery({ event, outcome: "rejected" });
    });
  }
  return false;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(`${JSON.stringify(body)}\n`);
}
