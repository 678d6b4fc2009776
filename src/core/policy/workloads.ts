import { isJsonObject, type JsonObject, type KubeObject } from "../manifest/kube-object.ts";
import { resourceKey, type ResourceKey } from "../manifest/resource-key.ts";
import type { RenderedResource } from "../render/render-kustomization.ts";

/** A pod template inside a workload, with where it sits. */
export interface PodTemplate {
  readonly key: ResourceKey;
  readonly kind: string;
  readonly file: string;
  /** The pod spec (`spec` of a Pod, `spec.template.spec` of a Deployment, …). */
  readonly spec: JsonObject;
  /** JSON path of the pod spec inside the object, e.g. "spec.template.spec". */
  readonly path: string;
}

/** A container of a pod template. */
export interface ContainerRef {
  readonly pod: PodTemplate;
  readonly container: JsonObject;
  readonly name: string;
  /** "containers", "initContainers" or "ephemeralContainers". */
  readonly list: string;
}

/** Kinds whose pod template is at spec.template.spec, by API group. */
const TEMPLATE_KINDS = new Set(["apps/Deployment", "apps/StatefulSet", "apps/DaemonSet", "apps/ReplicaSet", "/ReplicationController", "batch/Job"]);

/** Returns the pod spec of a built-in workload, or undefined for other kinds. */
export function podSpecOf(obj: KubeObject): { spec: JsonObject; path: string } | undefined {
  const group = obj.apiVersion.includes("/") ? obj.apiVersion.slice(0, obj.apiVersion.indexOf("/")) : "";
  const spec = obj.spec;
  if (!isJsonObject(spec)) return undefined;
  if (group === "" && obj.kind === "Pod") return { spec, path: "spec" };
  if (TEMPLATE_KINDS.has(`${group}/${obj.kind}`)) {
    const inner = isJsonObject(spec.template) ? spec.template.spec : undefined;
    return isJsonObject(inner) ? { spec: inner, path: "spec.template.spec" } : undefined;
  }
  if (group === "batch" && obj.kind === "CronJob") {
    const job = isJsonObject(spec.jobTemplate) ? spec.jobTemplate.spec : undefined;
    const template = isJsonObject(job) ? job.template : undefined;
    const inner = isJsonObject(template) ? template.spec : undefined;
    return isJsonObject(inner) ? { spec: inner, path: "spec.jobTemplate.spec.template.spec" } : undefined;
  }
  return undefined;
}

/** Returns the pod templates of the rendered workloads, in input order. */
export function listPodTemplates(resources: readonly RenderedResource[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const r of resources) {
    const pod = podSpecOf(r.object);
    if (pod) out.push({ key: resourceKey(r.object), kind: r.object.kind, file: r.source.file, spec: pod.spec, path: pod.path });
  }
  return out;
}

/** Returns every container of the pod templates, init and ephemeral containers included. */
export function listContainers(pods: readonly PodTemplate[]): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const pod of pods) {
    for (const list of ["initContainers", "containers", "ephemeralContainers"]) {
      const items = pod.spec[list];
      if (!Array.isArray(items)) continue;
      for (const container of items) {
        if (isJsonObject(container)) out.push({ pod, container, list, name: typeof container.name === "string" ? container.name : "?" });
      }
    }
  }
  return out;
}

/** Returns true for kinds whose pods run until stopped (probes make sense for them). */
export function isLongRunning(kind: string): boolean {
  return ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"].includes(kind);
}
