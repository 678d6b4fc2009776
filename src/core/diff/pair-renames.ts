import { parseResourceKey, type ResourceKey } from "../manifest/resource-key.ts";

/**
 * A name kustomize made by appending its content hash: base + "-" + 10 characters of
 * the hash alphabet kustomize encodes with (hex with 0,1,3,a,e swapped for g,h,k,m,t
 * to avoid words), so ordinary names such as "tls-production" are not mistaken for it.
 */
export const GENERATED_NAME = /^(.+)-([245-9bcdfghkmt]{10})$/;

/**
 * Returns pairs (removed key → added key) of ConfigMaps and Secrets whose generated hash
 * suffix changed: same group, kind, namespace and base name. Inputs are the keys only
 * on the before side and only on the after side; when several candidates share a base,
 * they pair in key order, so the result does not depend on input order.
 */
export function pairRenames(removed: readonly ResourceKey[], added: readonly ResourceKey[]): [ResourceKey, ResourceKey][] {
  const byBase = new Map<string, ResourceKey[]>();
  for (const key of [...added].sort()) {
    const base = generatedBase(key);
    if (base !== undefined) byBase.set(base, [...(byBase.get(base) ?? []), key]);
  }
  const pairs: [ResourceKey, ResourceKey][] = [];
  for (const key of [...removed].sort()) {
    const base = generatedBase(key);
    const candidates = base === undefined ? undefined : byBase.get(base);
    const match = candidates?.shift();
    if (match !== undefined) pairs.push([key, match]);
  }
  return pairs;
}

function generatedBase(key: ResourceKey): string | undefined {
  const { group, kind, namespace, name } = parseResourceKey(key);
  if (group !== "" || (kind !== "ConfigMap" && kind !== "Secret")) return undefined;
  const match = GENERATED_NAME.exec(name);
  return match ? `${kind}/${namespace}/${match[1] ?? ""}` : undefined;
}
