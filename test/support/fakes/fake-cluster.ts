/**
 * An in-memory cluster for apply workflow tests: objects by ResourceKey, an inventory
 * per environment, a lock, and switches for dry-run failures, apply failures, health
 * and unreachability. Records every mutating call in `calls`.
 */
import type { JsonObject, KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { parseResourceKey, resourceKey, type ResourceKey } from "../../../src/core/manifest/resource-key.ts";
import type { ApplyPlan, ApplyReport, ObjectResult } from "../../../src/core/plan/index.ts";
import { ClusterError } from "../../../src/errors.ts";
import type { ApplyPrediction, ClusterConnection, ClusterInventory, LabelScope, LockOutcome } from "../../../src/workflows/ports.ts";

export class FakeCluster implements ClusterConnection {
  // `implements` makes the fake type-check against its port (STYLE §5).
  readonly objects = new Map<ResourceKey, KubeObject>();
  readonly inventories = new Map<string, ClusterInventory>();
  readonly calls: string[] = [];
  /** Keys whose dry-run (and apply) the server rejects, with the reason. */
  readonly rejects = new Map<ResourceKey, string>();
  /** Keys whose real apply fails (after a passing dry-run). */
  readonly applyFailures = new Set<ResourceKey>();
  readonly deleteFailures = new Set<ResourceKey>();
  /** Status written onto applied objects of these kinds (what their controller would write). */
  status: (obj: KubeObject) => KubeObject["status"] | undefined = () => undefined;
  unreachable = false;
  lock: LockOutcome["status"] = "acquired";
  released = 0;

  constructor(readonly name = "test") {}

  private reach(operation: string): void {
    if (this.unreachable) throw new ClusterError({ code: "cluster-unreachable", operation, message: `cluster ${this.name} is unreachable: connect ECONNREFUSED 127.0.0.1:1; check its address and that it is running` });
  }

  async readScopes() {
    this.reach("discovery");
    return new Map<string, boolean>();
  }
  async readObjects(keys: readonly ResourceKey[]) {
    this.reach("get");
    return new Map(keys.flatMap((k) => { const o = this.objects.get(k); return o ? [[k, o] as const] : []; }));
  }
  async listNamespace(namespace: string) {
    return [...this.objects.keys()].filter((k) => parseResourceKey(k).namespace === namespace);
  }
  async readInventory(environment: string) {
    this.reach("get inventory");
    return this.inventories.get(environment);
  }
  /** Keys whose drift dry-run the server refuses, with the reason. */
  readonly predictRejects = new Map<ResourceKey, string>();
  async predictApply(objects: readonly KubeObject[]): Promise<ApplyPrediction> {
    this.reach("dry-run apply");
    this.calls.push(`predict ${objects.length}`);
    const predicted = new Map<ResourceKey, KubeObject>();
    const failures = new Map<ResourceKey, string>();
    for (const object of objects) {
      const key = resourceKey(object);
      const reason = this.predictRejects.get(key);
      if (reason) failures.set(key, reason);
      // A forced apply: git's fields win, fields git does not set stay as they are live.
      else predicted.set(key, mergeFields(this.objects.get(key) ?? {}, object) as KubeObject);
    }
    return { objects: predicted, failures };
  }
  async listLabelled(params: { scopes: readonly LabelScope[]; labels: Readonly<Record<string, string>> }) {
    this.reach("list");
    const wanted = new Set(params.scopes.map((s) => `${s.group}/${s.kind}/${s.namespace}`));
    return [...this.objects.entries()]
      .filter(([k, o]) => { const p = parseResourceKey(k); return wanted.has(`${p.group}/${p.kind}/${p.namespace}`) && Object.entries(params.labels).every(([l, v]) => o.metadata.labels?.[l] === v); })
      .map(([, o]) => o);
  }
  async writeInventory(environment: string, inventory: ClusterInventory) {
    this.calls.push(`inventory ${inventory.keys.join(",")}`);
    this.inventories.set(environment, inventory);
  }
  async acquire(params: { environment: string; sha: string }): Promise<LockOutcome> {
    this.reach("acquire lease");
    this.calls.push(`acquire ${params.environment}@${params.sha.slice(0, 7)}`);
    if (this.lock === "superseded") return { status: "superseded", by: "f".repeat(40) };
    if (this.lock === "busy") return { status: "busy", holder: "ferry-other/abc" };
    return { status: "acquired", release: async () => void this.released++ };
  }
  /** Runs after every merge patch, with the patched object: what the engine's controller would do (write status). */
  onPatch: (key: ResourceKey, obj: KubeObject) => KubeObject | undefined = () => undefined;
  async mergePatch(key: ResourceKey, patch: JsonObject): Promise<KubeObject> {
    this.reach("patch");
    this.calls.push(`patch ${key} ${JSON.stringify(patch)}`);
    const live = this.objects.get(key);
    if (!live) throw new ClusterError({ code: "engine-failed", operation: "patch", resourceKey: key, httpStatus: 404, message: `${key} not found` });
    const patched = mergePatch(live, patch) as KubeObject;
    this.objects.set(key, this.onPatch(key, patched) ?? patched);
    return patched;
  }
  async apply(plan: ApplyPlan, options: { dryRun: "server" | "none" }): Promise<ApplyReport> {
    this.reach("apply");
    const dry = options.dryRun === "server";
    this.calls.push(dry ? "dry-run" : "apply");
    const results: ObjectResult[] = [];
    let failed = false;
    for (const stage of plan.stages) {
      for (const { key, object } of stage.objects) {
        const reason = this.rejects.get(key) ?? (!dry && this.applyFailures.has(key) ? "Internal error occurred: etcd timeout" : undefined);
        if (failed) results.push({ key, stage: stage.name, action: "skipped", message: "an earlier stage failed" });
        else if (reason) results.push({ key, stage: stage.name, action: "failed", message: reason, httpStatus: 422 });
        else {
          results.push({ key, stage: stage.name, action: this.objects.has(key) ? "configured" : "created" });
          if (!dry) this.objects.set(key, { ...object, status: this.status(object) ?? null });
        }
      }
      if (!dry) failed ||= results.some((r) => r.action === "failed");
    }
    for (const { key } of plan.prune) {
      if (failed) results.push({ key, stage: "prune", action: "skipped" });
      else if (!dry && this.deleteFailures.has(key)) results.push({ key, stage: "prune", action: "failed", message: "forbidden", httpStatus: 403 });
      else {
        results.push({ key, stage: "prune", action: this.objects.has(key) ? "deleted" : "gone" });
        if (!dry) this.objects.delete(key);
      }
    }
    return { ok: !results.some((r) => r.action === "failed"), results };
  }
}

/** A clock that only moves when the workflow sleeps. */
export function fakeTime(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return { clock: { now: () => new Date(now) }, sleep: async (ms: number) => void (now += ms), elapsed: () => now - start };
}

function mergeFields(live: unknown, desired: unknown): unknown {
  if (typeof live !== "object" || live === null || Array.isArray(live) || typeof desired !== "object" || desired === null || Array.isArray(desired)) return desired;
  const out: Record<string, unknown> = { ...(live as Record<string, unknown>) };
  for (const [k, v] of Object.entries(desired)) out[k] = mergeFields(out[k], v);
  return out;
}

// RFC 7386: objects merge, null deletes, anything else replaces.
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
