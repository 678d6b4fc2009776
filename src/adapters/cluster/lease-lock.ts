import { decideLease, type LeaseRequest, type LeaseView } from "../../core/plan/index.ts";
import { ClusterError } from "../../errors.ts";
import type { LockOutcome } from "../../workflows/ports.ts";
import { statusOf, type KubeHttp } from "./kube-http.ts";

const LATEST_SHA = "ferry.dev/latest-sha";
const LATEST_AT = "ferry.dev/latest-requested-at";

type Lease = { apiVersion: string; kind: string; metadata: { name: string; namespace: string; resourceVersion?: string; annotations?: Record<string, string> }; spec?: Record<string, unknown> };

/** Options of one lock request. */
export interface LeaseLockParams {
  readonly http: KubeHttp;
  readonly namespace: string;
  readonly name: string;
  readonly request: LeaseRequest;
  readonly leaseSeconds: number;
  readonly waitSeconds: number;
  readonly pollMs: number;
  readonly ensureNamespace: () => Promise<void>;
}

/**
 * Takes an environment's apply Lease (coordination.k8s.io/v1) with optimistic
 * concurrency (PUT with resourceVersion; a 409 means another replica won the race, so
 * it reads again), renews it every third of its duration while held, and clears the
 * holder on release. What to do at each read is decided by core `decideLease`.
 */
export async function acquireLeaseLock(p: LeaseLockParams): Promise<LockOutcome> {
  const path = `/apis/coordination.k8s.io/v1/namespaces/${p.namespace}/leases/${p.name}`;
  const deadline = Date.now() + p.waitSeconds * 1000;
  await p.ensureNamespace();
  for (;;) {
    const lease = await read(p.http, path);
    const decision = decideLease(lease && view(lease), p.request, Date.now());
    if (decision.action === "superseded") return { status: "superseded", by: decision.by };
    if (decision.action === "take") {
      const taken = await write(p, path, lease, (spec, annotations) => {
        const now = microTime(Date.now());
        const transitions = Number(spec.leaseTransitions ?? 0) + (spec.holderIdentity === p.request.holder ? 0 : 1);
        Object.assign(spec, { holderIdentity: p.request.holder, leaseDurationSeconds: p.leaseSeconds, acquireTime: now, renewTime: now, leaseTransitions: transitions });
        recordLatest(annotations, p.request);
      });
      if (taken) return held(p, path);
      continue;
    }
    if (decision.recordLatest) await write(p, path, lease, (_spec, annotations) => recordLatest(annotations, p.request));
    if (Date.now() >= deadline) return { status: "busy", holder: decision.holder };
    await new Promise((resolve) => setTimeout(resolve, p.pollMs));
  }
}

/** Returns who holds a Lease now (holder set and not expired at `now`), or undefined; for the dashboard. */
export async function readLeaseHolder(http: KubeHttp, path: string, now: number): Promise<string | undefined> {
  const lease = await read(http, path);
  const v = lease && view(lease);
  if (v?.holder === undefined || v.renewedAt === undefined) return undefined;
  return v.renewedAt + (v.durationSeconds ?? 60) * 1000 > now ? v.holder : undefined;
}

function held(p: LeaseLockParams, path: string): LockOutcome {
  const mine = (lease: Lease | undefined) => lease?.spec?.holderIdentity === p.request.holder;
  const timer = setInterval(() => {
    void (async () => {
      const lease = await read(p.http, path);
      if (mine(lease)) await write(p, path, lease, (spec) => void (spec.renewTime = microTime(Date.now())));
    })().catch(() => undefined); // A missed renewal is retried at the next tick; the lease outlives two.
  }, Math.max(200, (p.leaseSeconds * 1000) / 3));
  timer.unref();
  return {
    status: "acquired",
    release: async () => {
      clearInterval(timer);
      const lease = await read(p.http, path);
      if (mine(lease)) await write(p, path, lease, (spec) => void (delete spec.holderIdentity, delete spec.renewTime));
    },
  };
}

function recordLatest(annotations: Record<string, string>, request: LeaseRequest): void {
  const at = Date.parse(annotations[LATEST_AT] ?? "");
  if (Number.isNaN(at) || at <= request.requestedAt) Object.assign(annotations, { [LATEST_SHA]: request.sha, [LATEST_AT]: new Date(request.requestedAt).toISOString() });
}

function view(lease: Lease): LeaseView {
  const spec = lease.spec ?? {};
  const a = lease.metadata.annotations ?? {};
  const at = Date.parse(a[LATEST_AT] ?? "");
  const renewed = Date.parse(String(spec.renewTime ?? ""));
  return {
    holder: typeof spec.holderIdentity === "string" && spec.holderIdentity !== "" ? spec.holderIdentity : undefined,
    renewedAt: Number.isNaN(renewed) ? undefined : renewed,
    durationSeconds: typeof spec.leaseDurationSeconds === "number" ? spec.leaseDurationSeconds : undefined,
    latest: a[LATEST_SHA] && !Number.isNaN(at) ? { sha: a[LATEST_SHA], requestedAt: at } : undefined,
  };
}

async function read(http: KubeHttp, path: string): Promise<Lease | undefined> {
  const res = await http.send({ method: "GET", path, operation: "read lease" });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw leaseError("read lease", res.status, res.body);
  return res.body as Lease;
}

// Returns false when another replica changed the Lease first (409): the caller reads again.
async function write(p: LeaseLockParams, path: string, lease: Lease | undefined, change: (spec: Record<string, unknown>, annotations: Record<string, string>) => void): Promise<boolean> {
  const next: Lease = lease ? structuredClone(lease) : { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: p.name, namespace: p.namespace }, spec: {} };
  next.spec ??= {};
  next.metadata.annotations ??= {};
  change(next.spec, next.metadata.annotations);
  const res = lease
    ? await p.http.send({ method: "PUT", path, body: JSON.stringify(next), operation: "write lease" })
    : await p.http.send({ method: "POST", path: path.slice(0, path.lastIndexOf("/")), body: JSON.stringify(next), operation: "create lease" });
  if (res.status === 409) return false;
  if (res.status >= 300) throw leaseError("write lease", res.status, res.body);
  return true;
}

function leaseError(operation: string, status: number, body: unknown): ClusterError {
  const s = statusOf(body);
  return new ClusterError({ code: status === 401 || status === 403 ? "permission-denied" : "apply-failed", operation, httpStatus: status, message: `${operation} failed with HTTP ${status} ${s.reason}: ${s.message}; Ferry needs get, create and update on leases in its namespace` });
}

/** Returns a Kubernetes MicroTime (RFC 3339 with microseconds). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
