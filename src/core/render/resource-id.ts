import type { KubeObject } from "../manifest/kube-object.ts";
import { isClusterScopedType } from "./cluster-scoped-types.ts";
import type { RenderResource, ResourceName } from "./render-resource.ts";

/** Returns true when kustomize treats the object's kind as cluster-scoped. */
export function isClusterScoped(obj: Pick<KubeObject, "apiVersion" | "kind">): boolean {
  return isClusterScopedType(obj);
}

/** Returns the namespace kustomize compares ids by: "" and "default" are the same. */
export function effectiveNamespace(obj: Pick<KubeObject, "apiVersion" | "kind">, namespace: string | undefined): string {
  if (isClusterScoped(obj)) return "";
  return namespace === undefined || namespace === "" ? "default" : namespace;
}

/**
 * Returns kustomize's identity of an object: apiVersion (group and version), kind,
 * effective namespace and name. Two resources with the same id cannot coexist.
 */
export function idOf(obj: Pick<KubeObject, "apiVersion" | "kind" | "metadata">, name: ResourceName = { name: obj.metadata.name ?? "", namespace: obj.metadata.namespace }): string {
  return `${obj.apiVersion}|${obj.kind}|${effectiveNamespace(obj, name.namespace)}|${name.name}`;
}

/** Returns every id the resource has had, the current one last (kustomize's "any id"). */
export function allIdsOf(resource: RenderResource): string[] {
  return [...resource.history.map((h) => idOf(resource.obj, h)), idOf(resource.obj)];
}

/** Returns a human id for messages: "apps/v1 Deployment prod/web". */
export function describeResource(obj: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): string {
  const ns = obj.metadata.namespace;
  return `${obj.apiVersion} ${obj.kind} ${ns ? `${ns}/` : ""}${obj.metadata.name ?? ""}`;
}

/** Returns the resource's current name and namespace, to push onto its history. */
export function currentName(resource: RenderResource): ResourceName {
  return { name: resource.obj.metadata.name ?? "", namespace: resource.obj.metadata.namespace };
}

/** Returns a deep copy of an object parsed from JSON-compatible YAML. */
export function cloneObject<T extends KubeObject>(obj: T): T {
  return structuredClone(obj);
}
