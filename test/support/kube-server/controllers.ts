/**
 * Simulated controllers: workload rollouts that become ready after a delay (or
 * fail for images matching a pattern), Jobs that complete, and
 * CustomResourceDefinitions that become Established and get their kinds served.
 * Status written later by a "controller" is a status-subresource update by
 * `kube-controller-manager` (or `kube-apiserver` for CRDs), with a new
 * resourceVersion, as on a real cluster.
 */
import { isObject, type Json } from "./object-fields.ts";
import type { ResourceRegistry } from "./resource-registry.ts";
import { computeStatus, ROLLOUT_KINDS, templateImages, type RolloutState } from "./workload-status.ts";

/** Tunables the control API changes at run time. */
export interface ControllerSettings {
  rolloutDelayMs: number;
  crdEstablishDelayMs: number;
  /** How long a deleted Namespace stays Terminating before it and its objects are gone. */
  namespaceDeleteDelayMs: number;
  failImages: RegExp[];
}

/** A status update a controller wants to make later: re-read the object and write `status` if still current. */
export type StatusWriter = (target: { kind: string; apiVersion: string; namespace: string; name: string; generation: unknown }, status: (current: Json) => Json | undefined, manager: string) => void;

/** Runs the simulated controllers of one test server. */
export class Controllers {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly settings: ControllerSettings,
    private readonly registry: ResourceRegistry,
    private readonly now: () => string,
  ) {}

  private failing(o: Json): boolean {
    return templateImages(o).some((image) => this.settings.failImages.some((pattern) => pattern.test(image)));
  }

  /**
   * Sets the status a write should carry (in place): a new rollout when the
   * generation moved, the initial status of kinds with a lifecycle, CRD names.
   */
  onWrite(o: Json, before: Json | undefined, dryRun: boolean): void {
    // Controllers never see a dry run: its response carries the status the object already has.
    if (dryRun) return;
    const meta = o.metadata as Json;
    const rolloutMoved = ROLLOUT_KINDS.has(String(o.kind)) && (!before || (before.metadata as Json).generation !== meta.generation || !isObject(before.status) || Object.keys(before.status).length === 0);
    if (rolloutMoved) {
      const state: RolloutState = this.settings.rolloutDelayMs > 0 ? "progressing" : this.failing(o) ? "failed" : "ready";
      o.status = keepTransitionTimes(computeStatus(o, state, this.now()) ?? {}, before?.status);
      return;
    }
    if (o.kind === "CustomResourceDefinition" && (!before || !isObject(before.status) || (before.metadata as Json).generation !== meta.generation)) {
      o.status = crdStatus(o, this.settings.crdEstablishDelayMs === 0, this.now());
      return;
    }
    if (!before && !ROLLOUT_KINDS.has(String(o.kind))) {
      const status = computeStatus(o, "ready", this.now());
      if (status) o.status = { ...(isObject(o.status) ? o.status : {}), ...status };
    }
  }

  /** Schedules the later status updates of a stored write and serves kinds of Established CRDs. */
  afterCommit(o: Json, before: Json | undefined, write: StatusWriter): void {
    const meta = o.metadata as Json;
    const target = { kind: String(o.kind), apiVersion: String(o.apiVersion), namespace: String(meta.namespace ?? ""), name: String(meta.name), generation: meta.generation };
    if (o.kind === "CustomResourceDefinition") {
      if (isEstablished(o)) this.serveCrd(o);
      else if (!before || (before.metadata as Json).generation !== meta.generation) {
        this.later(this.settings.crdEstablishDelayMs, () => write(target, (current) => crdStatus(current, true, this.now()), "kube-apiserver"));
      }
      return;
    }
    const moved = !before || (before.metadata as Json).generation !== meta.generation;
    const status = isObject(o.status) ? o.status : {};
    if (ROLLOUT_KINDS.has(String(o.kind)) && moved && this.settings.rolloutDelayMs > 0 && !isReady(status)) {
      const state: RolloutState = this.failing(o) ? "failed" : "ready";
      this.later(this.settings.rolloutDelayMs, () => write(target, (current) => keepTransitionTimes(computeStatus(current, state, this.now()) ?? {}, current.status), "kube-controller-manager"));
    }
  }

  /** Serves (or stops serving) the kinds an Established CRD defines. */
  serveCrd(crd: Json): void {
    const spec = isObject(crd.spec) ? crd.spec : {};
    const names = isObject(spec.names) ? spec.names : {};
    const group = String(spec.group ?? "");
    const plural = String(names.plural ?? "");
    for (const r of this.registry.all().filter((x) => x.group === group && x.plural === plural)) this.registry.remove(r.group, r.version, r.plural);
    for (const v of Array.isArray(spec.versions) ? spec.versions.filter(isObject) : []) {
      if (v.served === false) continue;
      const subresources = isObject(v.subresources) ? Object.keys(v.subresources) : [];
      this.registry.add({
        group,
        version: String(v.name),
        kind: String(names.kind),
        plural,
        singular: String(names.singular ?? String(names.kind).toLowerCase()),
        namespaced: spec.scope !== "Cluster",
        subresources,
        custom: true,
        ...(Array.isArray(names.shortNames) ? { shortNames: names.shortNames.map(String) } : {}),
      });
    }
  }

  /** Stops serving a deleted CRD's kinds. */
  unserveCrd(crd: Json): void {
    const spec = isObject(crd.spec) ? crd.spec : {};
    const plural = String((isObject(spec.names) ? spec.names : {}).plural ?? "");
    for (const r of this.registry.all().filter((x) => x.group === spec.group && x.plural === plural)) this.registry.remove(r.group, r.version, r.plural);
  }

  /** Runs `run` after `delayMs` unless the server stops first. */
  later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Cancels every pending controller update. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Returns `status` with the transition times of conditions whose status did not change taken from `previous`. */
export function keepTransitionTimes(status: Json, previous: unknown): Json {
  const old = isObject(previous) && Array.isArray(previous.conditions) ? previous.conditions.filter(isObject) : [];
  if (!Array.isArray(status.conditions)) return status;
  const conditions = status.conditions.filter(isObject).map((c) => {
    const match = old.find((p) => p.type === c.type && p.status === c.status);
    return match?.lastTransitionTime ? { ...c, lastTransitionTime: match.lastTransitionTime } : c;
  });
  return { ...status, conditions };
}

function isReady(status: Json): boolean {
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObject) : [];
  if (conditions.some((c) => c.type === "Progressing" && c.status === "False")) return true;
  if (conditions.some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True")) return true;
  if (status.readyReplicas !== undefined && status.readyReplicas === status.replicas && status.replicas !== undefined && status.readyReplicas !== 0) return true;
  return conditions.some((c) => c.type === "Available" && c.status === "True") || (status.numberReady !== undefined && status.numberReady === status.desiredNumberScheduled);
}

/** Returns true when a CRD's status says Established. */
export function isEstablished(crd: Json): boolean {
  const status = isObject(crd.status) ? crd.status : {};
  return Array.isArray(status.conditions) && status.conditions.some((c) => isObject(c) && c.type === "Established" && c.status === "True");
}

function crdStatus(crd: Json, established: boolean, now: string): Json {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const kind = String(names.kind ?? "");
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const storage = versions.find((v) => v.storage === true) ?? versions[0];
  const conditions: Json[] = [{ lastTransitionTime: now, message: "no conflicts found", reason: "NoConflicts", status: "True", type: "NamesAccepted" }];
  conditions.push(established
    ? { lastTransitionTime: now, message: "the initial names have been accepted", reason: "InitialNamesAccepted", status: "True", type: "Established" }
    : { lastTransitionTime: now, message: "not all names are accepted", reason: "Installing", status: "False", type: "Established" });
  return {
    acceptedNames: { kind, listKind: String(names.listKind ?? `${kind}List`), plural: names.plural, singular: names.singular ?? kind.toLowerCase(), ...(names.shortNames ? { shortNames: names.shortNames } : {}) },
    conditions,
    storedVersions: storage ? [String(storage.name)] : [],
  };
}
