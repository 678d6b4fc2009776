import { isJsonObject, type JsonValue } from "../manifest/kube-object.ts";

// Kubernetes readers expect these first; everything else is alphabetical so that key
// order in the source files never shows up as a change.
const TOP_FIRST = ["apiVersion", "kind", "metadata"];
const METADATA_FIRST = ["name", "namespace"];

/**
 * Returns a deep copy of `value` with object keys in canonical order: apiVersion, kind,
 * metadata first at the top, name and namespace first in metadata, otherwise sorted by
 * code unit. Two semantically equal objects give identical copies. Never mutates.
 */
export function sortKeys(value: JsonValue, depth = 0, parentKey = ""): JsonValue {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1, ""));
  if (!isJsonObject(value)) return value;
  const first = depth === 0 ? TOP_FIRST : depth === 1 && parentKey === "metadata" ? METADATA_FIRST : [];
  const keys = Object.keys(value).sort((a, b) => rank(a, first) - rank(b, first) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, JsonValue> = {};
  for (const key of keys) out[key] = sortKeys(value[key] as JsonValue, depth + 1, key);
  return out;
}

/** Returns JSON text of `value` with keys sorted, so equal values give equal text. */
export function canonicalJson(value: JsonValue | undefined): string {
  return value === undefined ? "undefined" : JSON.stringify(sortKeys(value));
}

function rank(key: string, first: readonly string[]): number {
  const i = first.indexOf(key);
  return i < 0 ? first.length : i;
}
