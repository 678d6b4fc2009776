import type { BlobCache } from "../git/blob-cache.ts";
import type { InflightTracker } from "./inflight-tracker.ts";
import type { Renderers } from "../../core/render/index.ts";
import type { ClusterConnector } from "../../workflows/ports.ts";
import type { Metrics } from "../../workflows/metrics.ts";
import type { HeldLeases } from "../cluster/held-leases.ts";
import type { DeliveryClaims } from "./delivery-claims.ts";
import type { DashboardSettings } from "../dashboard/dashboard-settings.ts";

/** What the GitHub handlers need beyond the webhook's context; built by compose(). */
export interface AppDeps {
  /** Blobs by SHA, shared by every render of this process. */
  readonly blobCache: BlobCache;
  /** Handlers still running, drained on shutdown. */
  readonly inflight: InflightTracker;
  /** Connects to a named cluster with Ferry's own credentials; undefined when none are configured (apply off). */
  readonly connectCluster?: ClusterConnector;
  /** Seconds between ticks of the drift schedule (FERRY_DRIFT_TICK_SECONDS, default 300); 0 turns it off. Needs connectCluster. */
  readonly driftTickSeconds?: number;
  /** Where handlers report what they count and time (Prometheus in the server; nothing when absent). */
  readonly metrics?: Metrics;
  /** The cluster Leases this process holds, released on shutdown. */
  readonly heldLeases?: HeldLeases;
  /** Claims on webhook deliveries, so a redelivered or duplicated delivery does its work once (in memory when absent). */
  readonly deliveryClaims?: DeliveryClaims;
  /** Lease duration (FERRY_LEASE_SECONDS): the drift schedule finishes applies left in progress longer than this. */
  readonly leaseSeconds?: number;
  /** The /dashboard pages (sign-in, caches); undefined leaves them off. */
  readonly dashboard?: DashboardSettings;
  /** Renderers besides the built-in one (kustomize when the server can run it), for `render.engine: kustomize`. */
  readonly renderers?: Renderers;
}
