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
  const pass = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (handle(req, res, state)) return;
    if (req.method === "POST" && (req.url ?? "/").split("?")[0] === state.webhookPath) readWebhookBody(req, res, state, () => pass(req, res));
    else pass(req, res);
  });
}

/** The largest webhook body Ferry reads: GitHub caps payloads at 25 MB and never sends more. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

// @octokit/webhooks reads a body of any size into memory before it checks the
// signature, so anyone who can reach the server could make it hold gigabytes. The body
// is read here with a cap and handed on as `rawBody`, which the middleware takes as is
// (its getPayload), signature check included.
function readWebhookBody(req: IncomingMessage, res: ServerResponse, state: OpsState, next: () => void): void {
  const tooLarge = () => {
    state.metrics.delivery({ event: String(req.headers["x-github-event"] ?? ""), outcome: "rejected" });
    res.writeHead(413, { "content-type": "application/json; charset=utf-8", connection: "close" }).end(`${JSON.stringify({ error: `webhook payload over ${MAX_WEBHOOK_BYTES} bytes, more than GitHub sends` })}\n`);
    req.destroy();
  };
  if (Number(req.headers["content-length"] ?? 0) > MAX_WEBHOOK_BYTES) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on("data", (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_WEBHOOK_BYTES) {
      refused = true;
      return tooLarge();
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (refused) return;
    Object.assign(req, { body: {}, rawBody: Buffer.concat(chunks) });
    next();
  });
  req.on("error", () => undefined);
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
