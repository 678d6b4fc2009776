/**
 * Creating on GitHub without duplicates when an answer is lost. Octokit's retry plugin
 * repeats a request that failed with a 5xx or a dropped connection; for a read that is
 * right, but a POST that GitHub carried out before the answer was lost would run twice
 * (two comments, two check runs, two Deployments). So creates go out with the plugin's
 * retries off, and before each new attempt Ferry looks for what the failed one may have
 * made. Rate limits stay with the throttling plugin: a rate-limited request did nothing.
 */
import type { GitHubClient } from "./github-client.ts";
import { httpStatusOf } from "./github-client.ts";

/** Request options that turn off the retry plugin for one request. */
export const NO_RETRY = { request: { retries: 0 } } as const;

const ATTEMPTS = 3;

/**
 * Returns what `create` made, or what `find` found after a failed attempt: at most
 * three attempts, waiting 1, 4 then 9 times the retry base (Octokit's own schedule; the
 * base is `request.retryAfterBaseValue` of the client's defaults, 1 s unless set).
 */
export async function createOnce<T>(client: GitHubClient, params: { create: () => Promise<T>; find: () => Promise<T | undefined> }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await params.create();
    } catch (error) {
      if (attempt >= ATTEMPTS || !mayHaveHappened(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * attempt * retryBaseMs(client)));
      const found = await params.find();
      if (found !== undefined) return found;
    }
  }
}

// 5xx and lost connections (Octokit reports those as status 500) may hide a write that
// happened; 4xx answers are GitHub refusing, and nothing was written.
function mayHaveHappened(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === undefined || status >= 500;
}

function retryBaseMs(client: GitHubClient): number {
  const defaults = (client.octokit.request as { endpoint?: { DEFAULTS?: { request?: { retryAfterBaseValue?: unknown } } } }).endpoint?.DEFAULTS?.request;
  const base = defaults?.retryAfterBaseValue;
  return typeof base === "number" && base >= 0 ? base : 1000;
}
