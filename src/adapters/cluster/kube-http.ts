import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from "node:https";
import { ClusterError } from "../../errors.ts";

/** How to reach one API server: address, TLS material and a way to get fresh auth headers. */
export interface KubeEndpoint {
  /** The cluster's name in Ferry's settings (for messages). */
  readonly name: string;
  readonly server: string;
  readonly tls: Pick<RequestOptions, "ca" | "cert" | "key" | "rejectUnauthorized" | "servername">;
  /** Returns the Authorization (and other) headers; called again when they may have expired. */
  readonly authHeaders: () => Promise<Record<string, string>>;
}

/** A parsed API response. `body` is the JSON body, or undefined when there was none. */
export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

const AUTH_REFRESH_MS = 60_000;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * JSON over HTTP(S) to one API server with a keep-alive connection pool. Node's own
 * http client rather than @kubernetes/client-node's generated APIs: server-side apply
 * needs the apply-patch content type, dryRun and force on arbitrary kinds, and the
 * apply benchmark needs control over connection reuse and request count.
 */
export class KubeHttp {
  /** Requests sent so far (the benchmark reads it). */
  requests = 0;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly https: boolean;
  private headers: { value: Record<string, string>; at: number } | undefined;

  constructor(
    private readonly endpoint: KubeEndpoint,
    maxSockets = 16,
  ) {
    this.https = endpoint.server.startsWith("https:");
    this.agent = this.https ? new HttpsAgent({ keepAlive: true, maxSockets, ...endpoint.tls }) : new HttpAgent({ keepAlive: true, maxSockets });
  }

  /** Sends one request; network failures become ClusterError("cluster-unreachable"). HTTP errors are returned, not thrown. */
  async send(params: { method: string; path: string; query?: Record<string, string | undefined>; body?: string; contentType?: string; operation: string; resourceKey?: string }): Promise<KubeResponse> {
    const url = new URL(this.endpoint.server.replace(/\/$/, "") + params.path);
    for (const [k, v] of Object.entries(params.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: "application/json", "User-Agent": "ferry", ...(await this.auth()) };
    if (params.body !== undefined) Object.assign(headers, { "Content-Type": params.contentType ?? "application/json", "Content-Length": String(Buffer.byteLength(params.body)) });
    this.requests++;
    return await new Promise<KubeResponse>((resolve, reject) => {
      const req = (this.https ? httpsRequest : httpRequest)(url, { method: params.method, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) req.destroy(new Error(`response larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown;
          try {
            body = text === "" ? undefined : JSON.parse(text);
          } catch {
            body = { message: text.slice(0, 500) };
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000}s`)));
      req.on("error", (error: Error) =>
        reject(new ClusterError({ code: "cluster-unreachable", operation: params.operation, resourceKey: params.resourceKey, message: `cluster ${this.endpoint.name} is unreachable at ${url.origin} (${error.message}); check its address, network and credentials`, cause: error })),
      );
      if (params.body !== undefined) req.write(params.body);
      req.end();
    });
  }

  /** Closes pooled connections. */
  close(): void {
    this.agent.destroy();
  }

  private async auth(): Promise<Record<string, string>> {
    // Tokens from exec plugins and service accounts rotate: re-read them now and then.
    if (!this.headers || Date.now() - this.headers.at > AUTH_REFRESH_MS) this.headers = { value: await this.endpoint.authHeaders(), at: Date.now() };
    return this.headers.value;
  }
}

/** Returns the server's Status reason and message from an error body, for messages. */
export function statusOf(body: unknown): { reason: string; message: string; causes: { field: string; message: string; reason: string }[] } {
  const b = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const details = typeof b.details === "object" && b.details !== null ? (b.details as Record<string, unknown>) : {};
  const causes = Array.isArray(details.causes) ? details.causes.filter((c): c is Record<string, unknown> => typeof c === "object" && c !== null) : [];
  return {
    reason: typeof b.reason === "string" ? b.reason : "",
    message: typeof b.message === "string" ? b.message : "",
    causes: causes.map((c) => ({ field: String(c.field ?? ""), message: String(c.message ?? ""), reason: String(c.reason ?? "") })),
  };
}
