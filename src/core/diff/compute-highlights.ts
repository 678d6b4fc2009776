import { isJsonObject, type JsonValue, type KubeObject } from "../manifest/kube-object.ts";
import type { ResourceKey } from "../manifest/resource-key.ts";
import type { ImageChange, ReplicaChange } from "./manifest-diff.ts";

/** Kinds a reviewer should look at twice: they change cluster shape, storage, access or admission. */
export const RISKY_KINDS: ReadonlySet<string> = new Set([
  "CustomResourceDefinition",
  "Namespace",
  "PersistentVolumeClaim",
  "PersistentVolume",
  "StorageClass",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "APIService",
]);

const CONTAINER_LISTS = [
  ["initContainers", " (init)"],
  ["containers", ""],
  ["ephemeralContainers", " (ephemeral)"],
] as const;

/** Returns the image changes per container between two versions of one resource (either may be absent). */
export function computeImageChanges(key: ResourceKey, before: KubeObject | undefined, after: KubeObject | undefined): ImageChange[] {
  const b = containerImages(before);
  const a = containerImages(after);
  const names = [...new Set([...b.keys(), ...a.keys()])].sort();
  const out: ImageChange[] = [];
  for (const container of names) {
    const was = b.get(container);
    const now = a.get(container);
    if (was === now) continue;
    out.push({ key, container, ...(was !== undefined && { before: was }), ...(now !== undefined && { after: now }) });
  }
  return out;
}

/** Returns the replica change of one resource, or undefined when `spec.replicas` is the same. */
export function computeReplicaChange(key: ResourceKey, before: KubeObject | undefined, after: KubeObject | undefined): ReplicaChange | undefined {
  const was = replicas(before);
  const now = replicas(after);
  if (JSON.stringify(was) === JSON.stringify(now)) return undefined;
  return { key, ...(was !== undefined && { before: was }), ...(now !== undefined && { after: now }) };
}

function replicas(obj: KubeObject | undefined): JsonValue | undefined {
  return isJsonObject(obj?.spec) ? obj.spec.replicas : undefined;
}

// Pod specs sit at different depths: Pod, workload templates, and CronJob's job template.
function podSpec(obj: KubeObject | undefined): JsonValue | undefined {
  if (!obj) return undefined;
  if (obj.kind === "Pod") return obj.spec;
  const spec = obj.spec;
  if (!isJsonObject(spec)) return undefined;
  const template = spec.template;
  if (isJsonObject(template)) return template.spec;
  const jobTemplate = spec.jobTemplate;
  if (isJsonObject(jobTemplate) && isJsonObject(jobTemplate.spec) && isJsonObject(jobTemplate.spec.template)) return jobTemplate.spec.template.spec;
  return undefined;
}

function containerImages(obj: KubeObject | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const spec = podSpec(obj);
  if (!isJsonObject(spec)) return out;
  for (const [list, suffix] of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c, i) => {
      if (!isJsonObject(c)) return;
      const name = typeof c.name === "string" ? c.name : `#${i}`;
      out.set(`${name}${suffix}`, typeof c.image === "string" ? c.image : JSON.stringify(c.image ?? null));
    });
  }
  return out;
}
