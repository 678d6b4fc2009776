import type { KubeObject } from "../manifest/kube-object.ts";
import { apiGroup, parseResourceKey, resourceKey, type ResourceKey } from "../manifest/resource-key.ts";
import { BUILT_IN_SCOPES, groupKind, scopesDefinedBy } from "../plan/index.ts";
import type { DriftItem } from "./compute-drift.ts";

/**
 * Returns the objects with the namespace the API server would give them: namespaced
 * objects without one get `defaultNamespace` (kubectl's rule), cluster-scoped ones lose
 * any namespace. Scopes come from discovery, the built-in kinds and CRDs in `objects`,
 * in that order of precedence reversed (a CRD in git wins). Never mutates its input.
 */
export function scopeObjects(params: { objects: readonly KubeObject[]; scopes: ReadonlyMap<string, boolean>; defaultNamespace?: string }): KubeObject[] {
  const scopes = new Map([...BUILT_IN_SCOPES, ...params.scopes, ...scopesDefinedBy(params.objects)]);
  return params.objects.map((o) => {
    const namespaced = scopes.get(groupKind(apiGroup(o.apiVersion), o.kind)) ?? true;
    const ns = o.metadata.namespace;
    if (namespaced && (ns === undefined || ns === "")) return { ...o, metadata: { ...o.metadata, namespace: params.defaultNamespace ?? "default" } };
    if (!namespaced && ns !== undefined) {
      const { namespace: _dropped, ...metadata } = o.metadata;
      return { ...o, metadata };
    }
    return o;
  });
}

/**
 * Returns the labels every object sets with the same value (kustomize `labels` of the
 * environment, e.g. `environment: production`), or {} when they share none. An object
 * made by hand that carries all of them looks like part of the environment.
 */
export function commonLabels(objects: readonly KubeObject[]): Record<string, string> {
  const [first, ...rest] = objects;
  if (!first) return {};
  const common = { ...(first.metadata.labels ?? {}) };
  for (const o of rest) {
    for (const [k, v] of Object.entries(common)) if (o.metadata.labels?.[k] !== v) delete common[k];
  }
  return Object.fromEntries(Object.entries(common).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Returns where to look for hand-made objects: each kind the environment renders, in each namespace it renders that kind in. */
export function labelScopes(objects: readonly KubeObject[]): { group: string; kind: string; namespace: string }[] {
  const seen = new Map<string, { group: string; kind: string; namespace: string }>();
  for (const o of objects) {
    const { group, kind, namespace } = parseResourceKey(resourceKey(o));
    seen.set(`${group}/${kind}/${namespace}`, { group, kind, namespace });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s);
}

/**
 * Returns the live objects that carry the environment's labels but are neither rendered
 * from git nor in Ferry's inventory: made by hand. Applying git leaves them in place, so
 * they are reported apart from orphans (which an apply prunes). Sorted.
 */
export function findExtras(params: { labelled: readonly ResourceKey[]; desired: readonly KubeObject[]; inventory: readonly ResourceKey[] }): DriftItem[] {
  const known = new Set([...params.desired.map((o) => resourceKey(o)), ...params.inventory]);
  return [...new Set(params.labelled)].filter((k) => !known.has(k)).sort().map((key) => ({ type: "extra", key }));
}
