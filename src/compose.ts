/**
 * The composition root: builds the real adapters the app and the CLI run with. The only
 * module that picks concrete implementations.
 */
import { BlobCache } from "./adapters/git/blob-cache.ts";
import type { AppDeps } from "./adapters/github/app-deps.ts";
import { InflightTracker } from "./adapters/github/inflight-tracker.ts";
import { loadClusters, loadEndpoint } from "./adapters/cluster/index.ts";
import { KubeHttp } from "./adapters/cluster/kube-http.ts";
import { LeaseDeliveryClaims } from "./adapters/cluster/lease-delivery-claims.ts";
import { MemoryDeliveryClaims, type DeliveryClaims } from "./adapters/github/delivery-claims.ts";
import { HeldLeases } from "./adapters/cluster/held-leases.ts";
import { instrumentConnector } from "./adapters/metrics/instrument-connector.ts";
import { readRenderers } from "./adapters/kustomize/index.ts";
import { readDashboardSettings } from "./adapters/dashboard/index.ts";
import { readProcessSettings, type ProcessSettings } from "./process-settings.ts";
import { NO_METRICS, type Metrics } from "./workflows/metrics.ts";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Returns the dependencies of the GitHub handlers for this process, from validated
 * process settings (or an environment, validated here; a bad value throws ConfigError).
 * `env` is what the dashboard reads its own settings from.
 */
export function compose(source: ProcessSettings | Env = process.env, metrics: Metrics = NO_METRICS, env: Env = isSettings(source) ? process.env : source): AppDeps {
  const settings = isSettings(source) ? source : readProcessSettings(source);
  const held = new HeldLeases();
  const connect =
    settings.clusters.size > 0
      ? instrumentConnector({ connect: loadClusters(settings.clusters, { concurrency: settings.kubeConcurrency, leaseSeconds: settings.leaseSeconds, identity: settings.replicaId }), metrics, held })
      : undefined;
  return { blobCache: new BlobCache(settings.blobCacheBytes), inflight: new InflightTracker(), ...(connect && { connectCluster: connect }), driftTickSeconds: settings.driftTickSeconds, metrics, heldLeases: held, leaseSeconds: settings.leaseSeconds, deliveryClaims: deliveryClaims(settings, metrics), dashboard: readDashboardSettings(env), renderers: readRenderers(env) };
}

// Several replicas claim deliveries in the coordination cluster; one replica can keep them in memory.
function deliveryClaims(settings: ProcessSettings, metrics: Metrics): DeliveryClaims {
  const home = settings.coordinationCluster;
  const credentials = home === undefined ? undefined : settings.clusters.get(home);
  if (home === undefined || !credentials) return new MemoryDeliveryClaims(settings.deliveryClaimSeconds);
  return new LeaseDeliveryClaims({ http: async () => new KubeHttp(await loadEndpoint(home, credentials), 4), holder: settings.replicaId, leaseSeconds: settings.leaseSeconds, ttlSeconds: settings.deliveryClaimSeconds, metrics });
}

function isSettings(source: ProcessSettings | Env): source is ProcessSettings {
  return (source as ProcessSettings).clusters instanceof Map;
}
