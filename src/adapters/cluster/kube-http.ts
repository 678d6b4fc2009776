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

/** One request to the API server. */
export interface KubeRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | undefined>;
  readonly body?: string;
  readonly contentType?: string;
  /** What the request is for, in messages (e.g. "apply", "probe"). */
  readonly operation: string;
  readonly resourceKey?: string | undefined;
  /** False leaves a 2xx body unparsed. */
  readonly successBody?: boolean;
}

/** One attempt's answer, with the `Retry-After` header a loaded server sends. */
interface KubeAnswer extends KubeResponse {
  readonly retryAfter: string | undefined;
}

/** How many times in all a request turned away by a loaded API server is sent (client-go allows 10 retries; Ferry's callers have deadlines of their own). */
export const KUBE_ATTEMPTS = 6;
/** The longest wait one `Retry-After` may ask for; longer asks are cut to this. */
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * Milliseconds to wait before sending the request again, or undefined to return the
 * answer as it is: 429 always (1 s when the server names no wait), 5xx only with a
 * `Retry-After` and for a method other than POST, until KUBE_ATTEMPTS are spent.
 */
export function retryWaitMs(method: string, answer: { status: number; retryAfter: string | undefined }, attempt: number): number | undefined {
  if (attempt >= KUBE_ATTEMPTS) return undefined;
  const text = answer.retryAfter?.trim() ?? "";
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  const named = seconds === undefined ? undefined : Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  if (answer.status === 429) return named ?? 1000;
  if (answer.status >= 500 && method !== "POST" && named !== undefined) return named;
  return undefined;
}

// A keep-alive socket the server closed just as Ferry reused it: reset or hung up before any answer.
function isStaleSocket(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "ECONNRESET" || code === "EPIPE" || (error instanceof Error && error.message === "socket hang up");
}

/** How long one request may take: to connect, and to receive the whole answer. */
export interface KubeTimeouts {
  /** Milliseconds to open a TCP connection to the API server (default 5,000). */
  readonly connectMs: number;
  /** Milliseconds from sending a request to the last byte of its answer (default 30,000). */
  readonly responseMs: number;
}

/** The timeouts used when none are given. */
export const DEFAULT_KUBE_TIMEOUTS: KubeTimeouts = { connectMs: 5_000, responseMs: 30_000 };

const AUTH_REFRESH_MS = 60_000;
const IDLE_SOCKET_MS = 4_000;
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
  private readonly origin: { readonly hostname: string; readonly port: number; readonly path: string; readonly text: string };
  private headers: { value: Record<string, string>; at: number } | undefined;

  constructor(
    private readonly endpoint: KubeEndpoint,
    maxSockets = 16,
    private readonly timeouts: KubeTimeouts = DEFAULT_KUBE_TIMEOUTS,
  ) {
    this.https = endpoint.server.startsWith("https:");
    const url = new URL(endpoint.server);
    // Node wants an IPv6 host without its brackets.
    const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    this.origin = { hostname, port: url.port === "" ? (this.https ? 443 : 80) : Number(url.port), path: url.pathname.replace(/\/$/, ""), text: url.origin };
    // Idle pooled sockets close after IDLE_SOCKET_MS, before common server keep-alive
    // timeouts (5 s in Node's and the test server), so a reused client never writes to a
    // socket the server is closing. The agent destroys only idle sockets on this timeout.
    const pool = { keepAlive: true, maxSockets, timeout: IDLE_SOCKET_MS };
    this.agent = this.https ? new HttpsAgent({ ...pool, ...endpoint.tls }) : new HttpAgent(pool);
  }

  /**
   * Sends one request; network failures become ClusterError("cluster-unreachable"). HTTP
   * errors are returned, not thrown, except that an answer of a loaded API server is
   * waited out and the request sent again, as client-go does: 429 (API Priority and
   * Fairness shedding load: the request was not carried out, so any method may go again),
   * and a 5xx with `Retry-After` for methods that give the same result twice (not POST: a
   * create that went through would answer 409 the second time). A GET whose reused
   * keep-alive connection the server had just closed goes again at once.
   * `successBody: false` leaves a 2xx body unparsed (undefined) for callers that only
   * need the status, such as an apply's write.
   */
  async send(params: KubeRequest): Promise<KubeResponse> {
    for (let attempt = 1; ; attempt++) {
      let answer: KubeAnswer;
      try {
        answer = await this.attempt(params);
      } catch (error) {
        if (attempt === 1 && params.method === "GET" && error instanceof ClusterError && isStaleSocket(error.cause)) continue;
        throw error;
      }
      const wait = retryWaitMs(params.method, answer, attempt);
      if (wait === undefined) return { status: answer.status, body: answer.body };
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async attempt(params: KubeRequest): Promise<KubeAnswer> {
    // The address is parsed once (constructor); building the path by hand spares a URL
    // parse and serialisation per request, which showed in the apply benchmark's profile.
    let path = this.origin.path + params.path;
    let separator = "?";
    for (const [k, v] of Object.entries(params.query ?? {})) {
      if (v === undefined) continue;
      path += `${separator}${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
      separator = "&";
    }
    const headers: Record<string, string> = { Accept: "application/json", "User-Agent": "ferry", ...(await this.auth()) };
    if (params.body !== undefined) Object.assign(headers, { "Content-Type": params.contentType ?? "application/json", "Content-Length": String(Buffer.byteLength(params.body)) });
    this.requests++;
    const name = this.endpoint.name;
    const origin = this.origin.text;
    const { connectMs, responseMs } = this.timeouts;
    return await new Promise<KubeAnswer>((resolve, reject) => {
      const { hostname, port } = this.origin;
      const req = (this.https ? httpsRequest : httpRequest)({ hostname, port, path, method: params.method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) req.destroy(new Error(`response larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on("end", () => {
          clearTimeout(deadline);
          const status = res.statusCode ?? 0;
          const retryAfter = res.headers["retry-after"];
          if (params.successBody === false && status >= 200 && status < 300) return resolve({ status, body: undefined, retryAfter });
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown;
          try {
            body = text === "" ? undefined : JSON.parse(text);
          } catch {
            body = { message: text.slice(0, 500) };
          }
          resolve({ status, body, retryAfter });
        });
        res.on("error", fail);
      });
      // One deadline for the whole exchange, not Node's idle timeout: a server that
      // answers a byte at a time never goes idle, yet must not hold an apply for ever.
      const deadline = setTimeout(() => req.destroy(new Error(`no complete answer within ${seconds(responseMs)}`)), responseMs);
      req.on("socket", (socket) => {
        // Reused keep-alive sockets are already connected; only new ones get a connect timer.
        if (!socket.connecting) return;
        const connect = setTimeout(() => req.destroy(new Error(`no connection within ${seconds(connectMs)}`)), connectMs);
        socket.once("connect", () => clearTimeout(connect));
        socket.once("close", () => clearTimeout(connect));
      });
      req.on("error", fail);
      // Headers and body leave in one write (one TLS record, one syscall).
      req.end(params.body);

      function fail(error: Error): void {
        clearTimeout(deadline);
        reject(unreachable(error));
      }
    });

    function unreachable(error: Error): ClusterError {
      return new ClusterError({ code: "cluster-unreachable", operation: params.operation, resourceKey: params.resourceKey, message: `cluster ${name} is unreachable at ${origin} (${describeNetworkError(error)}); check its address, network and credentials`, cause: error });
    }
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

/**
 * Returns why a connection failed in words. Node reports a refused connection to a
 * name with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError whose
 * own message is empty, so the inner errors' codes and messages are used instead.
 */
export function describeNetworkError(error: Error): string {
  const inner = error instanceof AggregateError ? (error.errors as unknown[]).filter((e): e is Error => e instanceof Error) : [];
  if (inner.length > 0) return [...new Set(inner.map(describeNetworkError))].join("; ");
  const code = (error as { code?: unknown }).code;
  if (error.message !== "") return error.message;
  return typeof code === "string" ? code : "the connection failed without a reason";
}

function seconds(ms: number): string {
  return `${ms / 1000}s`;
}
