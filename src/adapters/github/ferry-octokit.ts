/**
 * The Octokit class Ferry's Probot runs with: Probot's own (retry and throttling plugins
 * wired) with three changes. Writes are paced as GitHub asks over time, but an event's
 * short burst goes at once (write-pacing.ts). Probot's throttle handler only
 * logs a secondary rate limit and gives up; Ferry waits the `Retry-After` GitHub names
 * and tries again, up to three times, since a handler that gives up leaves a PR without
 * its report or check; GitHub's older wording of the same limit ("abuse detection
 * mechanism"), which the throttling plugin does not recognise, is waited out too. And
 * one base for every retry wait, so tests can make them short.
 */
import { ProbotOctokit } from "probot";
import { writePacing } from "./write-pacing.ts";

/** Options of {@link ferryOctokit}. */
export interface FerryOctokitOptions {
  /** Octokit's throttling (spacing writes, waiting out rate limits); on by default. */
  readonly throttle?: boolean;
  /** Milliseconds one "second" of every retry wait lasts (default 1000). */
  readonly retryBaseMs?: number;
  /** Milliseconds one attempt of a GitHub request may take (default 120,000). */
  readonly requestTimeoutMs?: number;
}

/** How long one attempt of a GitHub request may take: generous, as tarballs of large repositories take a while. */
export const GITHUB_REQUEST_TIMEOUT_MS = 120_000;

const SECONDARY_RETRIES = 3;

type Log = { warn: (message: string) => void };

type RequestError = { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
type Options = { request?: Record<string, unknown> } & Record<string, unknown>;
type Hooked = {
  hook: {
    error(name: "request", hook: (error: RequestError, options: Options) => Promise<unknown>): void;
  };
  request: (options: Record<string, unknown>) => Promise<unknown>;
};

// Octokit's fetch has no timeout of its own: a GitHub that accepts and never answers
// would hold a handler for ever. Each attempt (the retry plugin's included) gets its own
// deadline, through the fetch Octokit is given (a signal set in a request hook does not
// survive Probot's plugins).
export function timedFetch(ms: number, inner: typeof fetch): typeof fetch {
  return (input, init) => inner(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(ms) });
}

// A rate-limited request did nothing, so repeating it is safe, writes included.
function abuseLimitRetry(base: number) {
  return (octokit: Hooked): void => {
    octokit.hook.error("request", async (error, options) => {
      const tries = Number(options.request?.abuseRetries ?? 0);
      if (error.status !== 403 || !/abuse detection/i.test(error.message ?? "") || tries >= SECONDARY_RETRIES) throw error;
      const seconds = Number(error.response?.headers?.["retry-after"]) || 60;
      await new Promise((resolve) => setTimeout(resolve, seconds * base));
      return octokit.request({ ...options, request: { ...options.request, abuseRetries: tries + 1 } });
    });
  };
}

/** Returns Probot's Octokit class with Ferry's retry settings. */
export function ferryOctokit(params: FerryOctokitOptions = {}): typeof ProbotOctokit {
  const base = params.retryBaseMs;
  const timeoutMs = params.requestTimeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS;
  // One pair of buckets for every client of this class: all installations share the pace.
  const pacing = writePacing();
  return (ProbotOctokit.plugin(abuseLimitRetry(base ?? 1000) as never) as typeof ProbotOctokit).defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: {
      ...(options.throttle as object),
      ...pacing,
      ...(params.throttle === false && { enabled: false }),
      ...(base !== undefined && { retryAfterBaseValue: base }),
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, octokit: { log: Log }, retryCount: number) => {
        octokit.log.warn(`secondary rate limit on ${request.method} ${request.url}: retry ${retryCount + 1} of ${SECONDARY_RETRIES} after ${retryAfter}s`);
        return retryCount < SECONDARY_RETRIES;
      },
    },
    ...(base !== undefined && { retry: { ...(options.retry as object), retryAfterBaseValue: base } }),
    request: { ...(options.request as object), ...(base !== undefined && { retryAfterBaseValue: base }), fetch: timedFetch(timeoutMs, ((options.request as { fetch?: typeof fetch } | undefined)?.fetch ?? globalThis.fetch)) },
  }));
}
