/**
 * The state of one test cluster and its single write path: every create,
 * update, patch and apply ends in `commit`, which fills server fields and
 * defaults, validates, bumps generation, runs the simulated controllers,
 * renders managed fields, skips no-op writes (so an unchanged apply keeps its
 * resourceVersion) and stores unless it is a dry run.
 */
import { randomUUID } from "node:crypto";
import { Controllers, type ControllerSettings, type StatusWriter } from "./controllers.ts";
import { applyDefaults, type DefaultContext } from "./defaults.ts";
import { readManagers, recordUpdate, renderManagers, type Manager } from "./managed-fields.ts";
import { ObjectStore, storageKey } from "./object-store.ts";
import { clone, deepEqual, isObject, type Json } from "./object-fields.ts";
import { groupVersion, ResourceRegistry, type ApiResource } from "./resource-registry.ts";
import { validateObject } from "./validation.ts";

const GENERATION_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Ingress", "NetworkPolicy", "PodDisruptionBudget", "HorizontalPodAutoscaler", "CustomResourceDefinition"]);

/** Returns the current time as the API server writes it (RFC 3339, seconds). */
export function timestamp(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastStamp = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  return lastStamp;
}

let lastSecond = 0;
let lastStamp = "";

function specOf(o: Json): Json {
  const rest: Json = { ...o };
  delete rest.metadata;
  delete rest.status;
  delete rest.apiVersion;
  delete rest.kind;
  return rest;
}

/** Returns true when `a` and `b` are deeply equal but for `metadata.resourceVersion` (no copies made). */
function sameButVersion(a: Json, b: Json): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!(key in b)) return false;
    if (key !== "metadata") {
      if (!deepEqual(a[key], b[key])) return false;
      continue;
    }
    const ma = (a.metadata ?? {}) as Json;
    const mb = (b.metadata ?? {}) as Json;
    const names = Object.keys(ma).filter((k) => k !== "resourceVersion");
    if (names.length !== Object.keys(mb).filter((k) => k !== "resourceVersion").length) return false;
    if (!names.every((k) => k in mb && deepEqual(ma[k], mb[k]))) return false;
  }
  return true;
}

/** One write to commit. */
export interface WriteRequest {
  resource: ApiResource;
  namespace: string;
  before: Json | undefined;
  /** The object as the client wants it; server fields and status are overwritten. */
  after: Json;
  /** True when `after` belongs to this write (nothing else holds it), so it is used without a copy. */
  owned?: boolean;
  /** Computes the new managers from the defaulted object. */
  managers: (defaulted: Json) => Manager[];
  dryRun: boolean;
  /** `status` when the write goes to the status subresource (only status changes). */
  subresource?: string;
}

/** The registry, store and controllers of one test cluster. */
export class ClusterState {
  readonly registry = new ResourceRegistry();
  readonly store = new ObjectStore();
  readonly settings: ControllerSettings = { rolloutDelayMs: 0, crdEstablishDelayMs: 0, namespaceDeleteDelayMs: 100, failImages: [] };
  readonly controllers = new Controllers(this.settings, this.registry, timestamp);
  private nextIp = 10;
  private nextNodePort = 30000;
  private readonly defaults: DefaultContext = {
    allocateClusterIP: () => {
      this.nextIp += 1;
      return `10.96.${Math.floor(this.nextIp / 250)}.${(this.nextIp % 250) + 1}`;
    },
    allocateNodePort: () => this.nextNodePort++,
  };

  /** Returns the stored object for a resource. */
  get(resource: ApiResource, namespace: string, name: string): Json | undefined {
    return this.store.get(storageKey(resource.group, resource.plural), resource.namespaced ? namespace : "", name);
  }

  /** Returns a stored object as served at `resource`'s version (apiVersion rewritten). */
  present(resource: ApiResource, o: Json): Json {
    const apiVersion = groupVersion(resource.group, resource.version);
    return o.apiVersion === apiVersion ? o : { ...o, apiVersion };
  }

  /** Applies a write; returns the object as stored (or as it would be, for a dry run). */
  commit(req: WriteRequest): Json {
    const { resource, before } = req;
    const source = req.subresource === "status" && before ? { ...clone(before), status: clone(req.after.status) } : req.owned ? req.after : clone(req.after);
    const o: Json = { apiVersion: groupVersion(resource.group, resource.version), kind: resource.kind, ...source };
    o.apiVersion = groupVersion(resource.group, resource.version);
    o.kind = resource.kind;
    const meta: Json = isObject(o.metadata) ? { ...o.metadata } : {};
    o.metadata = meta;
    if (resource.namespaced) meta.namespace = req.namespace;
    else delete meta.namespace;
    const beforeMeta = (before?.metadata ?? {}) as Json;
    meta.uid = before ? beforeMeta.uid : randomUUID();
    meta.creationTimestamp = before ? beforeMeta.creationTimestamp : timestamp();
    delete meta.resourceVersion;
    delete meta.managedFields;
    delete meta.generation;
    // A custom kind without a status subresource (Argo CD's Application) keeps status as an
    // ordinary field: writes to the object set it, as on a real API server.
    const statusIsSubresource = !resource.custom || resource.subresources.includes("status");
    if (req.subresource !== "status" && statusIsSubresource) {
      if (before?.status !== undefined) o.status = clone(before.status);
      else delete o.status;
    }
    applyDefaults(o, this.defaults);
    validateObject(o, resource, before);
    if (GENERATION_KINDS.has(resource.kind) || resource.custom) {
      const previous = Number(beforeMeta.generation ?? 0);
      meta.generation = !before ? 1 : deepEqual(specOf(before), specOf(o)) ? previous : previous + 1;
    }
    if (req.subresource !== "status") this.controllers.onWrite(o, before, req.dryRun);
    const managers = req.managers(o);
    if (managers.length > 0) meta.managedFields = renderManagers(managers);
    if (before && sameButVersion(before, o)) return before;
    if (req.dryRun) {
      if (before) meta.resourceVersion = beforeMeta.resourceVersion;
      return o;
    }
    meta.resourceVersion = String(this.store.nextVersion());
    this.store.put(storageKey(resource.group, resource.plural), resource.namespaced ? req.namespace : "", String(meta.name), o);
    this.controllers.afterCommit(o, before, this.writeStatus);
    return o;
  }

  /** A later controller status write: applies only while the object still has the generation it was scheduled for. */
  private readonly writeStatus: StatusWriter = (target, status, manager) => {
    const resource = this.registry.all().find((r) => r.kind === target.kind && groupVersion(r.group, r.version) === target.apiVersion);
    if (!resource) return;
    const current = this.get(resource, target.namespace, target.name);
    if (!current || (current.metadata as Json).generation !== target.generation) return;
    const next = status(current);
    if (!next) return;
    const time = timestamp();
    this.commit({
      resource,
      namespace: target.namespace,
      before: current,
      after: { ...current, status: next },
      subresource: "status",
      dryRun: false,
      managers: (o) => recordUpdate({ managers: readManagers(current), before: current, after: o, manager, apiVersion: target.apiVersion, subresource: "status", time }),
    });
  };
}
