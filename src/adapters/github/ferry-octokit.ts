/**
 * The Octokit class Ferry's Probot runs with: Probot's own (retry and throttling plugins
 * wired, writes spaced as GitHub asks) with two changes. Probot's throttle handler only
 * logs a secondary rate limit and gives up; Ferry waits the `Retry-After` GitHub names
 * and tries again, up to three times, since a handler that gives up leaves a PR without
 * its report or check. And one base for every retry wait, so tests can make them short.
 */
import { ProbotOctokit } from "probot";

/** Options of {@link ferryOctokit}. */
export interface FerryOctokitOptions {
  /** Octokit's throttling (spacing writes, waiting out rate limits); on by default. */
  readonly throttle?: boolean;
  /** Milliseconds one "second" of every retry wait lasts (default 1000). */
  readonly retryBaseMs?: number;
}

const SECONDARY_RETRIES = 3;

type Log = { warn: (message: string) => void };

/** Returns Probot's Octokit class with Ferry's retry settings. */
export function ferryOctokit(params: FerryOctokitOptions = {}): typeof ProbotOctokit {
  const base = params.retryBaseMs;
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: {
      ...(options.throttle as object),
      ...(params.throttle === false && { enabled: false }),
      ...(base !== undefined && { retryAfterBaseValue: base }),
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, octokit: { log: Log }, retryCount: number) => {
        octokit.log.warn(`secondary rate limit on ${request.method} ${request.url}: retry ${retryCount + 1} of ${SECONDARY_RETRIES} after ${retryAfter}s`);
        return retryCount < SECONDARY_RETRIES;
      },
    },
    ...(base !== undefined && { retry: { ...(options.retry as object), retryAfterBaseValue: base }, request: { ...(options.request as object), retryAfterBaseValue: base } }),
  }));
}
