/**
 * Network faults and latency for the test API server: a per-request delay (a cluster
 * in the same region is about 5 ms away), answers that never come or come a byte at a
 * time, and the error answers of a loaded API server (429 from API Priority and
 * Fairness, 5xx with Retry-After), for the requests that match, so clients' timeouts
 * and retries can be proven.
 */
import type { ServerResponse } from "node:http";

/** How a faulty request is answered. */
export type KubeFaultAnswer =
  /** Read the request, then never answer (the connection stays open). */
  | "silent"
  /** Answer 200 and then one byte every `trickleMs` of a body that never ends. */
  | "trickle"
  /**
   * Answer this status with a Kubernetes Status body, as a loaded API server does: 429
   * (reason TooManyRequests, what API Priority and Fairness sends when it sheds load),
   * 5xx; with a `Retry-After` header when `retryAfterSeconds` is given.
   */
  | { readonly status: number; readonly retryAfterSeconds?: number };

/** A fault: matching requests (after the first `skip`) get `answer`, `times` times (default for ever). */
export interface KubeFault {
  readonly method?: string;
  /** A RegExp on the request path, or a path prefix. */
  readonly path: RegExp | string;
  readonly answer: KubeFaultAnswer;
  /** Matching requests answered normally first (default 0). */
  skip?: number;
  /** Matching requests that get the fault (default: every one). */
  times?: number;
  /** Milliseconds between the bytes of a trickle (default 100). */
  readonly trickleMs?: number;
}

/** Returns the fault for this request and counts it, or undefined. */
export function takeKubeFault(faults: readonly KubeFault[], method: string, path: string): KubeFault | undefined {
  const fault = faults.find((f) => (f.method === undefined || f.method === method) && (typeof f.path === "string" ? path.startsWith(f.path) : f.path.test(path)) && (f.times === undefined || f.times > 0));
  if (!fault) return undefined;
  if ((fault.skip ?? 0) > 0) {
    fault.skip = (fault.skip ?? 0) - 1;
    return undefined;
  }
  if (fault.times !== undefined) fault.times--;
  return fault;
}

/** Answers a request with its fault; the response is ended only by the client or the server's stop. */
export function answerWithFault(res: ServerResponse, fault: KubeFault): void {
  if (fault.answer === "silent") return;
  if (typeof fault.answer === "object") {
    const { status, retryAfterSeconds } = fault.answer;
    const reason = status === 429 ? "TooManyRequests" : status === 503 ? "ServiceUnavailable" : "InternalError";
    const message = status === 429 ? "Too many requests, please try again later." : "the server is currently unable to handle the request";
    const body = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(retryAfterSeconds !== undefined && { details: { retryAfterSeconds } }), code: status };
    res.writeHead(status, { "Content-Type": "application/json", ...(retryAfterSeconds !== undefined && { "Retry-After": String(retryAfterSeconds) }) });
    res.end(JSON.stringify(body));
    return;
  }
  res.writeHead(200, { "Content-Type": "application/json" });
  res.flushHeaders();
  const timer = setInterval(() => res.write(" "), fault.trickleMs ?? 100);
  res.on("close", () => clearInterval(timer));
}

/** Resolves after `ms` (at once for 0): the server's simulated network latency. */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
