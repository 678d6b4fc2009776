/**
 * Webhook delivery claims shared by every replica: a Lease `ferry-delivery-<guid>` in
 * `ferry-system` of the coordination cluster. Creating it is the claim (the API server
 * lets exactly one create win; the others get 409). While its handlers run, the holder
 * renews it; when they end it is marked done (kept for the TTL, so a redelivery is
 * skipped) or failed (released, so a redelivery retries). A claim whose holder stopped
 * renewing (a killed replica) is taken over with a compare-and-swap on resourceVersion.
 * Old claims are deleted by whichever replica claims next, at most once a minute.
 *
 * A claim that cannot be made throws; the runner then handles the delivery anyway (fail
 * open, logged), since handlers are idempotent and dropping a webhook loses work.
 */
import { FERRY_NAMESPACE } from "../../core/plan/index.ts";
import type { ClaimOutcome, DeliveryClaims } from "../github/delivery-claims.ts";
import type { Metrics } from "../../workflows/metrics.ts";
import { ClusterError } from "../../errors.ts";
import type { KubeHttp } from "./kube-http.ts";
import { microTime } from "./lease-lock.ts";

const STATE = "ferry.dev/delivery-state";
const KIND_LABEL = "ferry.dev/kind";
const LEASES = `/apis/coordination.k8s.io/v1/namespaces/${FERRY_NAMESPACE}/leases`;
const GC_EVERY_MS = 60_000;

type State = "running" | "done" | "failed";
interface Lease {
  apiVersion: "coordination.k8s.io/v1";
  kind: "Lease";
  metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string };
}

/** Options of {@link LeaseDeliveryClaims}. */
export interface LeaseDeliveryClaimsOptions {
  /** Opens the connection to the coordination cluster (once, lazily). */
  readonly http: () => Promise<KubeHttp>;
  /** This replica's identity (FERRY_REPLICA_ID). */
  readonly holder: string;
  /** How long a running claim lives without renewal (FERRY_LEASE_SECONDS). */
  readonly leaseSeconds: number;
  /** How long a finished claim is kept (FERRY_DELIVERY_CLAIM_SECONDS). */
  readonly ttlSeconds: number;
  readonly metrics?: Pick<Metrics, "leaseWait">;
}

/** Delivery claims as Leases in the coordination cluster; see the module comment. */
export class LeaseDeliveryClaims implements DeliveryClaims {
  private connection: Promise<KubeHttp> | undefined;
  private readonly renewals = new Map<string, NodeJS.Timeout>();
  private lastGc = 0;

  constructor(private readonly options: LeaseDeliveryClaimsOptions) {}

  async claim(deliveryId: string): Promise<ClaimOutcome> {
    const started = performance.now();
    let outcome: ClaimOutcome;
    try {
      outcome = await this.tryClaim(deliveryId);
    } catch (error) {
      this.options.metrics?.leaseWait({ lease: "delivery", outcome: "failed", seconds: (performance.now() - started) / 1000 });
      throw error;
    }
    this.options.metrics?.leaseWait({ lease: "delivery", outcome: outcome === "mine" ? "acquired" : "busy", seconds: (performance.now() - started) / 1000 });
    if (outcome === "mine") this.renew(deliveryId);
    void this.collect().catch(() => undefined);
    return outcome;
  }

  async finish(deliveryId: string, ok: boolean): Promise<void> {
    clearInterval(this.renewals.get(deliveryId));
    this.renewals.delete(deliveryId);
    await this.update(deliveryId, (lease) => {
      if (lease.spec.holderIdentity !== this.options.holder) return false;
      lease.metadata.annotations = { ...lease.metadata.annotations, [STATE]: ok ? "done" : "failed" };
      lease.spec.renewTime = microTime(Date.now());
      return true;
    });
  }

  private async tryClaim(deliveryId: string): Promise<ClaimOutcome> {
    const http = await this.http();
    const now = microTime(Date.now());
    const lease: Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: leaseName(deliveryId), namespace: FERRY_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "ferry", [KIND_LABEL]: "delivery-claim" }, annotations: { [STATE]: "running" } },
      spec: { holderIdentity: this.options.holder, leaseDurationSeconds: this.options.leaseSeconds, acquireTime: now, renewTime: now },
    };
    const create = () => http.send({ method: "POST", path: LEASES, body: JSON.stringify(lease), operation: "claim delivery" });
    let created = await create();
    if (created.status === 404) {
      // A coordination cluster Ferry was never deployed to: its namespace comes first.
      await http.send({ method: "POST", path: "/api/v1/namespaces", body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: FERRY_NAMESPACE } }), operation: "create namespace" });
      created = await create();
    }
    if (created.status === 201) return "mine";
    if (created.status !== 409) throw claimError("claim", deliveryId, created.status);
    // Someone claimed it: done, running or failed? Take over only a failed or dead claim.
    const taken = await this.update(deliveryId, (existing) => {
      const state = (existing.metadata.annotations?.[STATE] ?? "running") as State;
      if (state === "done") return false;
      if (state === "running" && !expired(existing)) return false;
      existing.metadata.annotations = { ...existing.metadata.annotations, [STATE]: "running" };
      Object.assign(existing.spec, { holderIdentity: this.options.holder, leaseDurationSeconds: this.options.leaseSeconds, acquireTime: now, renewTime: now });
      return true;
    });
    return taken ? "mine" : "duplicate";
  }

  // Reads the claim, lets `change` edit it (false: leave it), writes it with its
  // resourceVersion; returns false when unchanged or another replica wrote first.
  private async update(deliveryId: string, change: (lease: Lease) => boolean): Promise<boolean> {
    const http = await this.http();
    const path = `${LEASES}/${leaseName(deliveryId)}`;
    const res = await http.send({ method: "GET", path, operation: "read delivery claim" });
    if (res.status === 404) return false;
    if (res.status !== 200) throw claimError("read claim", deliveryId, res.status);
    const lease = res.body as Lease;
    if (!change(lease)) return false;
    const put = await http.send({ method: "PUT", path, body: JSON.stringify(lease), operation: "write delivery claim" });
    if (put.status === 409) return false;
    if (put.status !== 200) throw claimError("write claim", deliveryId, put.status);
    return true;
  }

  private renew(deliveryId: string): void {
    const timer = setInterval(() => {
      void this.update(deliveryId, (lease) => {
        if (lease.spec.holderIdentity !== this.options.holder || lease.metadata.annotations?.[STATE] !== "running") return false;
        lease.spec.renewTime = microTime(Date.now());
        return true;
      }).catch(() => undefined); // A missed renewal is retried at the next tick; the claim outlives two.
    }, Math.max(200, (this.options.leaseSeconds * 1000) / 3));
    timer.unref();
    this.renewals.set(deliveryId, timer);
  }

  // Deletes finished claims past their TTL, and running ones dead for as long.
  private async collect(): Promise<void> {
    if (Date.now() - this.lastGc < GC_EVERY_MS) return;
    this.lastGc = Date.now();
    const http = await this.http();
    const res = await http.send({ method: "GET", path: LEASES, query: { labelSelector: `${KIND_LABEL}=delivery-claim` }, operation: "list delivery claims" });
    if (res.status !== 200) return;
    const cutoff = Date.now() - this.options.ttlSeconds * 1000;
    for (const lease of (res.body as { items?: Lease[] }).items ?? []) {
      const renewed = Date.parse(lease.spec.renewTime ?? "");
      if (Number.isNaN(renewed) || renewed >= cutoff) continue;
      const query = lease.metadata.resourceVersion ? { resourceVersion: lease.metadata.resourceVersion } : undefined;
      await http.send({ method: "DELETE", path: `${LEASES}/${lease.metadata.name}`, ...(query && { body: JSON.stringify({ preconditions: query }) }), operation: "delete delivery claim" });
    }
  }

  private http(): Promise<KubeHttp> {
    this.connection ??= this.options.http();
    this.connection.catch(() => (this.connection = undefined));
    return this.connection;
  }
}

/** Returns the claim's Lease name: the GUID, lower-cased, limited to what a name may hold. */
export function leaseName(deliveryId: string): string {
  return `ferry-delivery-${deliveryId.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 200)}`;
}

function expired(lease: Lease): boolean {
  const renewed = Date.parse(lease.spec.renewTime ?? "");
  return Number.isNaN(renewed) || renewed + (lease.spec.leaseDurationSeconds ?? 0) * 1000 < Date.now();
}

function claimError(operation: string, deliveryId: string, status: number): ClusterError {
  return new ClusterError({ code: status === 401 || status === 403 ? "permission-denied" : "lock-busy", operation, httpStatus: status, message: `${operation} of delivery ${deliveryId} failed with HTTP ${status}; Ferry needs get, list, create, update and delete on leases in ${FERRY_NAMESPACE} of FERRY_COORDINATION_CLUSTER` });
}
