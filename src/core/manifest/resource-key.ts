import type { KubeObject } from "./kube-object.ts";

/**
 * Identity of a resource: `group/kind/namespace/name`, with no version, because the API
 * server does not treat the version as identity. The core group is "" and a
 * cluster-scoped object has namespace "", so a Namespace "prod" is `/Namespace//prod`.
 */
export type ResourceKey = string;

/** Returns the API group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
export function apiGroup(apiVersion: string | undefined): string {
  // kustomize accepts objects without apiVersion, so Ferry must not fail on one here.
  if (typeof apiVersion !== "string") return "";
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** Returns the ResourceKey of an object. The only way to build one. */
export function resourceKey(obj: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): ResourceKey {
  // Names can arrive as numbers from YAML (`name: 123`); kustomize keeps them, so stringify.
  const metadata = (obj.metadata ?? {}) as { namespace?: unknown; name?: unknown };
  return `${apiGroup(obj.apiVersion)}/${obj.kind}/${String(metadata.namespace ?? "")}/${String(metadata.name ?? "")}`;
}

/** Returns the parts of a ResourceKey. */
export function parseResourceKey(key: ResourceKey): { group: string; kind: string; namespace: string; name: string } {
  const [group = "", kind = "", namespace = "", ...rest] = key.split("/");
  return { group, kind, namespace, name: rest.join("/") };
}
