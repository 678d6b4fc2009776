/**
 * The composition root: builds the real adapters the app and the CLI run with. The only
 * module that picks concrete implementations.
 */
import { BlobCache } from "./adapters/git/blob-cache.ts";
import type { AppDeps } from "./adapters/github/app-deps.ts";
import { InflightTracker } from "./adapters/github/inflight-tracker.ts";
import { loadClusters, readClusterCredentials } from "./adapters/cluster/index.ts";
import { readDashboardSettings } from "./adapters/dashboard/index.ts";

/** Returns the dependencies of the GitHub handlers for this process. */
export function compose(env: Readonly<Record<string, string | undefined>> = process.env): AppDeps {
  const cacheMb = Number(env.FERRY_BLOB_CACHE_MB ?? "256");
  return { blobCache: new BlobCache((Number.isFinite(cacheMb) && cacheMb > 0 ? cacheMb : 256) * 1024 * 1024), inflight: new InflightTracker(), ...(readClusterCredentials(env).size > 0 && { connectCluster: loadClusters(env) }), driftTickSeconds: Math.max(0, Number(env.FERRY_DRIFT_TICK_SECONDS ?? "300") || 0), dashboard: readDashboardSettings(env) };
}
