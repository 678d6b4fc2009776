import type { KubeObject } from "./kube-object.ts";

/**
 * Identity of a resource: `group/kind/namespace/name`, with no version, because the API
 * server does not treat the version as identity. The core group is "" and a
 * cluster-scoped object has namespace "", so a Namespace "prod" is `/Namespace//prod`.
 */
export type ResourceKey = string;

/** Returns the API group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
export function apiGroup(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** Returns the ResourceKey of an object. The only way to build one. */
export function resourceKey(obj: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): ResourceKey {
  return `${apiGroup(obj.apiVersion)}/${obj.kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
}

/** Returns the parts of a ResourceKey. */
export function parseResourceKey(key: ResourceKey): { group: string; kind: string; namespace: string; name: string } {
  const [group = "", kind = "", namespace = "", ...rest] = key.split("/");
  return { group, kind, namespace, name: rest.join("/") };
}
