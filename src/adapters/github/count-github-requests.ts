import type { ProbotOctokit } from "probot";
import type { Metrics } from "../../workflows/metrics.ts";

/**
 * Returns an Octokit plugin that reports every request (its method and status) and the
 * rate limit GitHub sends back with it (`x-ratelimit-remaining`) to `metrics`. Wraps
 * the request hook, so retries and throttled requests count once each time they go out.
 */
export function countGitHubRequests(metrics: Pick<Metrics, "githubRequest">): (octokit: Pick<InstanceType<typeof ProbotOctokit>, "hook">) => void {
  return (octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      try {
        const response = await request(options);
        metrics.githubRequest({ method: options.method, status: response.status, ...rateLimit(response.headers) });
        return response;
      } catch (error) {
        const e = error as { status?: unknown; response?: { headers?: Record<string, string | number | undefined> } };
        metrics.githubRequest({ method: options.method, status: typeof e.status === "number" ? e.status : 0, ...rateLimit(e.response?.headers ?? {}) });
        throw error;
      }
    });
  };
}

function rateLimit(headers: Record<string, string | number | undefined>): { rateLimitRemaining?: number; rateLimitResource?: string } {
  const remaining = headers["x-ratelimit-remaining"];
  if (remaining === undefined) return {};
  const resource = headers["x-ratelimit-resource"];
  return { rateLimitRemaining: Number(remaining), ...(typeof resource === "string" && /^[a-z_]{1,32}$/.test(resource) ? { rateLimitResource: resource } : {}) };
}
