import { hostname } from "node:os";
import type { JsonObject, KubeObject } from "../../core/manifest/kube-object.ts";
import { apiGroup, parseResourceKey, resourceKey, type ResourceKey } from "../../core/manifest/resource-key.ts";
import { FERRY_NAMESPACE, inventoryName, leaseName, kindRank, type ApplyPlan, type ApplyReport, type ObjectResult } from "../../core/plan/index.ts";
import { ClusterError } from "../../errors.ts";
import type { ApplyPrediction, ClusterConnection, ClusterInventory, LabelScope, LockOutcome, PredictOptions } from "../../workflows/ports.ts";
import { applyObject, deleteObject, objectPath, type Target } from "./kube-object-ops.ts";
import { KubeDiscovery } from "./kube-discovery.ts";
import { KubeHttp, statusOf, type KubeEndpoint, type KubeTimeouts } from "./kube-http.ts";
import { acquireLeaseLock, readLeaseHolder } from "./lease-lock.ts";
import { mergePatchObject } from "./kube-merge-patch.ts";
import { mapLimit } from "./map-limit.ts";
import { maskSecretValues } from "./mask-secret-values.ts";
import { FIELD_MANAGER as DRY_RUN_MANAGER } from "../../core/plan/plan-constants.ts";

/** Tuning of a KubeClusterClient. */
export interface KubeClusterOptions {
  /** Requests in flight at once (default 16). */
  readonly concurrency?: number;
  /** Lease duration in seconds; a crashed holder's Lease expires after it (default 60). */
  readonly leaseSeconds?: number;
  /** How often a waiting replica re-reads the Lease, and CRDs are polled (ms, default 1000). */
  readonly pollMs?: number;
  /** How long to wait for new CRDs to be Established (seconds, default 60). */
  readonly establishSeconds?: number;
  /** This replica's identity in Lease holders (default hostname and pid). */
  readonly identity?: string;
  /** Connect and response timeouts of every request (default 5 s and 30 s). */
  readonly timeouts?: KubeTimeouts;
}

/**
 * ClusterConnection over the Kubernetes API: discovery, server-side apply (field
 * manager `ferry`, never forced for applied objects), dryRun=All, get/list/delete, the
 * inventory ConfigMap and the apply Lease in `ferry-system`. Translates only: which
 * objects to touch and in which order comes from the ApplyPlan.
 */
export class KubeClusterClient implements ClusterConnection {
  readonly http: KubeHttp;
  private readonly discovery: KubeDiscovery;
  private readonly concurrency: number;
  private namespaceReady: Promise<void> | undefined;

  constructor(
    endpoint: KubeEndpoint,
    private readonly options: KubeClusterOptions = {},
  ) {
    this.name = endpoint.name;
    this.concurrency = options.concurrency ?? 16;
    this.http = new KubeHttp(endpoint, this.concurrency, options.timeouts);
    this.discovery = new KubeDiscovery(this.http);
  }

  readonly name: string;

  async readScopes(): Promise<ReadonlyMap<string, boolean>> {
    return this.discovery.scopes();
  }

  async readObjects(keys: readonly ResourceKey[]): Promise<ReadonlyMap<ResourceKey, KubeObject>> {
    // Many keys of one kind in one namespace are read with one LIST instead of a GET each.
    const groups = new Map<string, ResourceKey[]>();
    for (const key of keys) {
      const { group, kind, namespace } = parseResourceKey(key);
      const id = `${group}/${kind}/${namespace}`;
      groups.set(id, [...(groups.get(id) ?? []), key]);
    }
    const out = new Map<ResourceKey, KubeObject>();
    await mapLimit([...groups.values()], this.concurrency, async (group) => {
      const first = parseResourceKey(group[0] as string);
      const served = await this.discovery.resolveGroupKind(first.group, first.kind);
      if (!served) return;
      const target = (name: string): Target => ({ served, namespace: first.namespace, name });
      if (group.length > 3) {
        const res = await this.http.send({ method: "GET", path: objectPath({ ...target(""), name: "" }), operation: "list" });
        if (res.status !== 200) throw readError("list", group[0] as string, res.status, res.body);
        const wanted = new Set(group);
        for (const item of (res.body as { items?: KubeObject[] }).items ?? []) {
          const obj = { ...item, apiVersion: served.apiVersion, kind: first.kind };
          if (wanted.has(resourceKey(obj))) out.set(resourceKey(obj), obj);
        }
        return;
      }
      await Promise.all(group.map(async (key) => {
        const res = await this.http.send({ method: "GET", path: objectPath(target(parseResourceKey(key).name)), operation: "get", resourceKey: key });
        if (res.status === 404) return;
        if (res.status !== 200) throw readError("get", key, res.status, res.body);
        out.set(key, res.body as KubeObject);
      }));
    });
    return out;
  }

  async listNamespace(namespace: string): Promise<readonly ResourceKey[]> {
    const resources = await this.discovery.namespacedListable();
    const lists = await mapLimit(resources, this.concurrency, async (served) => {
      const res = await this.http.send({ method: "GET", path: objectPath({ served, namespace, name: "" }), operation: "list" });
      if (res.status === 404 || res.status === 405) return [];
      if (res.status !== 200) throw readError("list", `${served.plural} in ${namespace}`, res.status, res.body);
      const body = res.body as { items?: KubeObject[]; kind?: string };
      const kind = (body.kind ?? "").replace(/List$/, "");
      // Objects with an owner (ReplicaSets, Pods, …) go with their owner.
      return (body.items ?? []).filter((o) => !Array.isArray(o.metadata.ownerReferences) || o.metadata.ownerReferences.length === 0).map((o) => resourceKey({ ...o, apiVersion: served.apiVersion, kind: o.kind ?? kind }));
    });
    return lists.flat().sort();
  }

  async readInventory(environment: string): Promise<ClusterInventory | undefined> {
    const path = `/api/v1/namespaces/${FERRY_NAMESPACE}/configmaps/${inventoryName(environment)}`;
    const res = await this.http.send({ method: "GET", path, operation: "read inventory" });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw readError("read inventory", `/ConfigMap/${FERRY_NAMESPACE}/${inventoryName(environment)}`, res.status, res.body);
    const data = (res.body as { data?: Record<string, string> }).data ?? {};
    return { keys: (data.keys ?? "").split("\n").filter((k) => k !== ""), sha: data.sha || undefined };
  }

  async mergePatch(key: ResourceKey, patch: JsonObject): Promise<KubeObject> {
    return mergePatchObject({ http: this.http, discovery: this.discovery, key, patch });
  }

  async predictApply(objects: readonly KubeObject[], predict: PredictOptions = {}): Promise<ApplyPrediction> {
    // Forced, unlike a real apply: the prediction must show what an apply would take
    // over from other managers (kubectl scale, kubectl edit), not stop at a conflict.
    const predicted = new Map<ResourceKey, KubeObject>();
    const failures = new Map<ResourceKey, string>();
    await mapLimit(objects, this.concurrency, async (object) => {
      const key = resourceKey(object);
      const served = await this.discovery.resolve(object.apiVersion, object.kind);
      if (!served) return void failures.set(key, `the cluster does not serve ${object.kind} in ${object.apiVersion}`);
      const target: Target = { served, namespace: served.namespaced ? (object.metadata.namespace ?? "default") : "", name: object.metadata.name ?? "" };
      const res = await this.http.send({ method: "PATCH", path: objectPath(target), query: { fieldManager: predict.fieldManager ?? DRY_RUN_MANAGER, force: "true", dryRun: "All", fieldValidation: "Strict" }, body: JSON.stringify(object), contentType: "application/apply-patch+yaml", operation: "dry-run apply", resourceKey: key });
      if (res.status === 200 || res.status === 201) return void predicted.set(key, res.body as KubeObject);
      const s = statusOf(res.body);
      failures.set(key, maskSecretValues(`${s.reason || `HTTP ${res.status}`}: ${s.message || "no message"}`, object));
    });
    return { objects: predicted, failures };
  }

  async listLabelled(params: { readonly scopes: readonly LabelScope[]; readonly labels: Readonly<Record<string, string>> }): Promise<readonly KubeObject[]> {
    const labelSelector = Object.entries(params.labels).map(([k, v]) => `${k}=${v}`).sort().join(",");
    const lists = await mapLimit(params.scopes, this.concurrency, async (scope) => {
      const served = await this.discovery.resolveGroupKind(scope.group, scope.kind);
      if (!served) return [];
      const res = await this.http.send({ method: "GET", path: objectPath({ served, namespace: scope.namespace, name: "" }), query: { labelSelector }, operation: "list" });
      if (res.status === 404) return [];
      if (res.status !== 200) throw readError("list", `${served.plural} in ${scope.namespace || "the cluster"}`, res.status, res.body);
      return ((res.body as { items?: KubeObject[] }).items ?? [])
        .filter((o) => !Array.isArray(o.metadata.ownerReferences) || o.metadata.ownerReferences.length === 0)
        .map((o) => ({ ...o, apiVersion: served.apiVersion, kind: scope.kind }));
    });
    return lists.flat();
  }

  async writeInventory(environment: string, inventory: ClusterInventory): Promise<void> {
    await this.ensureNamespace();
    const object: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: inventoryName(environment), namespace: FERRY_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "ferry" } },
      data: { environment, sha: inventory.sha ?? "", keys: inventory.keys.join("\n") },
    };
    const served = { apiVersion: "v1", plural: "configmaps", namespaced: true };
    // Ferry's own bookkeeping object: forced, since no other manager should own it.
    const result = await applyObject({ http: this.http, target: { served, namespace: FERRY_NAMESPACE, name: object.metadata.name ?? "" }, object, key: resourceKey(object), dryRun: false, force: true, stage: "namespaced" });
    if (result.action === "failed") throw new ClusterError({ code: "apply-failed", operation: "write inventory", resourceKey: result.key, httpStatus: result.httpStatus, message: `recording the inventory of ${environment} failed: ${result.message ?? ""}` });
  }

  readLockHolder(environment: string): Promise<string | undefined> {
    return readLeaseHolder(this.http, `/apis/coordination.k8s.io/v1/namespaces/${FERRY_NAMESPACE}/leases/${leaseName(environment)}`, Date.now());
  }

  async acquire(params: { environment: string; sha: string; waitSeconds: number }): Promise<LockOutcome> {
    const holder = `${this.options.identity ?? `${hostname()}-${process.pid}`}@${params.sha.slice(0, 12)}`;
    return acquireLeaseLock({
      http: this.http,
      namespace: FERRY_NAMESPACE,
      name: leaseName(params.environment),
      request: { holder, sha: params.sha, requestedAt: Date.now() },
      leaseSeconds: this.options.leaseSeconds ?? 60,
      waitSeconds: params.waitSeconds,
      pollMs: this.options.pollMs ?? 1000,
      ensureNamespace: () => this.ensureNamespace(),
    });
  }

  async apply(plan: ApplyPlan, options: { readonly dryRun: "server" | "none"; readonly live?: ReadonlyMap<ResourceKey, KubeObject> }): Promise<ApplyReport> {
    const dryRun = options.dryRun === "server";
    const planNamespaces = new Set(plan.stages.flatMap((s) => s.objects).filter((o) => o.key.startsWith("/Namespace//")).map((o) => o.object.metadata.name));
    // Namespaces the dry-run would create (201): objects inside them go straight to the stand-in.
    const newNamespaces = new Set<string>();
    // Live objects (one LIST per kind and namespace) let the dry-run tell unchanged ones apart.
    const live = !dryRun ? new Map<ResourceKey, KubeObject>() : (options.live ?? (await this.readObjects(plan.stages.flatMap((s) => s.objects.map((o) => o.key)))));
    const results: ObjectResult[] = [];
    let stopped = false;
    for (const stage of plan.stages) {
      if (stopped) {
        results.push(...stage.objects.map((o) => skipped(o.key, stage.name, "not applied because an earlier stage failed")));
        continue;
      }
      const stageResults = await mapLimit(stage.objects, this.concurrency, async ({ key, object, definedByPlan }): Promise<ObjectResult> => {
        const served = await this.discovery.resolve(object.apiVersion, object.kind);
        if (!served) {
          if (dryRun && definedByPlan) return skipped(key, stage.name, "its kind is defined by a CRD in this plan; it is checked when applied, after the CRD is established");
          return { key, stage: stage.name, action: "failed", message: `the cluster does not serve ${object.kind} in ${object.apiVersion}; install its CRD first or fix the apiVersion` };
        }
        const ns = served.namespaced ? (object.metadata.namespace ?? "default") : "";
        if (!(dryRun && newNamespaces.has(ns))) {
          const result = await applyObject({ http: this.http, target: { served, namespace: ns, name: object.metadata.name ?? "" }, object, key, dryRun, force: false, stage: stage.name, live: live.get(key) });
          if (!(dryRun && result.httpStatus === 404 && planNamespaces.has(ns))) return result;
        }
        // The API server refuses even a dry-run in a namespace that does not exist yet.
        // Validate the object in Ferry's own namespace instead (no rendered object lives
        // there), so a new environment gets the same all-or-nothing gate as an old one.
        await this.ensureNamespace();
        const standIn = { ...object, metadata: { ...object.metadata, namespace: FERRY_NAMESPACE } };
        const check = await applyObject({ http: this.http, target: { served, namespace: FERRY_NAMESPACE, name: object.metadata.name ?? "" }, object: standIn, key, dryRun, force: false, stage: stage.name });
        return check.action === "failed" ? { ...check, message: `${check.message ?? ""} (validated in ${FERRY_NAMESPACE}: namespace ${ns} is created by this plan)` } : { ...check, action: "created" };
      });
      results.push(...stageResults);
      for (const r of stageResults) if (r.action === "created" && r.key.startsWith("/Namespace//")) newNamespaces.add(r.key.slice("/Namespace//".length));
      if (!dryRun && stageResults.some((r) => r.action === "failed")) stopped = true;
      else if (!dryRun && stage.name === "definitions") await this.waitEstablished(stage.objects.map((o) => o.object));
    }
    results.push(...(await this.prune(plan, dryRun, stopped)));
    return { ok: !results.some((r) => r.action === "failed"), results };
  }

  /** Closes pooled connections. */
  close(): void {
    this.http.close();
  }

  private async prune(plan: ApplyPlan, dryRun: boolean, stopped: boolean): Promise<ObjectResult[]> {
    if (stopped) return plan.prune.map((p) => skipped(p.key, "prune", "not pruned because the apply failed"));
    // Deletes run in the plan's (reverse) order, one kind rank at a time, each rank concurrently.
    const results: ObjectResult[] = [];
    let i = 0;
    while (i < plan.prune.length) {
      const rank = kindRank(parseResourceKey(plan.prune[i]?.key ?? "").kind);
      let j = i;
      while (j < plan.prune.length && kindRank(parseResourceKey(plan.prune[j]?.key ?? "").kind) === rank) j++;
      results.push(...(await mapLimit(plan.prune.slice(i, j), this.concurrency, async (item) => {
        const { group, kind, namespace, name } = parseResourceKey(item.key);
        const served = (item.apiVersion && (await this.discovery.resolve(item.apiVersion, kind))) || (await this.discovery.resolveGroupKind(group, kind));
        if (!served) return { key: item.key, stage: "prune" as const, action: "gone" as const, message: "its kind is no longer served" };
        return deleteObject({ http: this.http, target: { served, namespace, name }, key: item.key, dryRun });
      })));
      i = j;
    }
    return results;
  }

  private async waitEstablished(objects: readonly KubeObject[]): Promise<void> {
    const crds = objects.filter((o) => o.kind === "CustomResourceDefinition" && apiGroup(o.apiVersion) === "apiextensions.k8s.io");
    if (crds.length === 0) return;
    const deadline = Date.now() + (this.options.establishSeconds ?? 60) * 1000;
    for (const crd of crds) {
      const key = resourceKey(crd);
      for (;;) {
        const res = await this.http.send({ method: "GET", path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name ?? ""}`, operation: "wait established", resourceKey: key });
        const conditions = ((res.body as { status?: { conditions?: { type: string; status: string }[] } } | undefined)?.status?.conditions ?? []);
        if (conditions.some((c) => c.type === "Established" && c.status === "True")) break;
        if (Date.now() > deadline) throw new ClusterError({ code: "apply-failed", operation: "wait established", resourceKey: key, message: `CRD ${crd.metadata.name ?? ""} was not Established within ${this.options.establishSeconds ?? 60}s; check its definition and the API server's logs` });
        await new Promise((resolve) => setTimeout(resolve, Math.min(this.options.pollMs ?? 1000, 250)));
      }
    }
    this.discovery.invalidate();
  }

  private ensureNamespace(): Promise<void> {
    this.namespaceReady ??= (async () => {
      const object: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: FERRY_NAMESPACE } };
      const result = await applyObject({ http: this.http, target: { served: { apiVersion: "v1", plural: "namespaces", namespaced: false }, namespace: "", name: FERRY_NAMESPACE }, object, key: resourceKey(object), dryRun: false, force: false, stage: "definitions" });
      if (result.action === "failed") throw new ClusterError({ code: "apply-failed", operation: "create namespace", resourceKey: result.key, httpStatus: result.httpStatus, message: `creating Ferry's namespace ${FERRY_NAMESPACE} failed: ${result.message ?? ""}` });
    })();
    this.namespaceReady.catch(() => (this.namespaceReady = undefined));
    return this.namespaceReady;
  }
}

function skipped(key: ResourceKey, stage: ObjectResult["stage"], message: string): ObjectResult {
  return { key, stage, action: "skipped", message };
}

function readError(operation: string, subject: string, status: number, body: unknown): ClusterError {
  const s = statusOf(body);
  return new ClusterError({ code: status === 401 || status === 403 ? "permission-denied" : "cluster-unreachable", operation, resourceKey: subject, httpStatus: status, message: `${operation} ${subject} failed with HTTP ${status} ${s.reason}: ${s.message}` });
}

