/**
 * The non-apply patch types: JSON merge patch (RFC 7386), JSON patch (RFC 6902,
 * via fast-json-patch) and strategic merge patch — which `kubectl scale`,
 * `set image`, `edit` and `label` send — merging lists by their patch merge key
 * and honouring the `$patch`, `$setElementOrder`, `$retainKeys` and
 * `$deleteFromPrimitiveList` directives.
 */
import fastJsonPatch, { type Operation } from "fast-json-patch";
import { listTypeAt } from "./list-schema.ts";
import { clone, isObject, type Json } from "./object-fields.ts";
import { badRequest } from "./status-error.ts";

/** Returns `target` with an RFC 7386 merge patch applied (inputs unchanged). */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

/** Returns `target` with an RFC 6902 JSON patch applied; a failing operation is a 422 as on the real server. */
export function applyJsonPatch(target: Json, patch: unknown): Json {
  if (!Array.isArray(patch)) throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  try {
    return fastJsonPatch.applyPatch(clone(target), patch as Operation[], true, false).newDocument;
  } catch (error) {
    throw badRequest(`the server rejected our request due to an error in our request: ${(error as Error).message.split("\n")[0] ?? ""}`);
  }
}

function mergeKeyOf(fieldPath: readonly string[]): string | undefined {
  const type = listTypeAt(fieldPath);
  // The strategic patch merge key is the first list-map key (`containerPort`, `port`, `name`).
  return type.type === "map" ? type.keys[0] : undefined;
}

function patchList(target: unknown, patch: unknown[], fieldPath: string[]): unknown[] {
  const mergeKey = mergeKeyOf(fieldPath);
  const current = Array.isArray(target) ? target : [];
  if (!mergeKey) {
    if (fieldPath[fieldPath.length - 1] === "finalizers") return [...new Set([...current, ...patch])];
    return clone(patch.filter((p) => !(isObject(p) && "$patch" in p)));
  }
  if (patch.some((p) => isObject(p) && p.$patch === "replace")) return clone(patch.filter((p) => !(isObject(p) && p.$patch === "replace")));
  const out = [...current];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = out.findIndex((o) => isObject(o) && o[mergeKey] === item[mergeKey]);
    if (item.$patch === "delete") {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) out[index] = strategicMerge(out[index], item, fieldPath);
    else out.push(strategicMerge(undefined, item, fieldPath));
  }
  return out;
}

function orderBy(list: unknown[], order: unknown, mergeKey: string | undefined): unknown[] {
  if (!Array.isArray(order)) return list;
  const rank = (item: unknown): number => {
    const i = order.findIndex((o) => (mergeKey && isObject(o) && isObject(item) ? o[mergeKey] === item[mergeKey] : o === item));
    return i < 0 ? order.length : i;
  };
  return [...list].sort((a, b) => rank(a) - rank(b));
}

/** Returns `target` with a strategic merge patch applied (inputs unchanged). */
export function strategicMerge(target: unknown, patch: unknown, fieldPath: string[] = []): unknown {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === "replace") {
    const rest = { ...patch };
    delete rest.$patch;
    return clone(rest);
  }
  if (patch.$patch === "delete") return undefined;
  const out: Json = isObject(target) ? { ...target } : {};
  const retain = patch.$retainKeys;
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$retainKeys" || key === "$patch" || key.startsWith("$setElementOrder/")) continue;
    if (key.startsWith("$deleteFromPrimitiveList/")) {
      const field = key.slice("$deleteFromPrimitiveList/".length);
      const drop = new Set(Array.isArray(value) ? value : []);
      if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((v) => !drop.has(v));
      continue;
    }
    const childPath = [...fieldPath, key];
    if (value === null) delete out[key];
    else if (Array.isArray(value)) out[key] = patchList(out[key], value, childPath);
    else if (isObject(value)) {
      const merged = strategicMerge(out[key], value, childPath);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else out[key] = value;
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith("$setElementOrder/")) continue;
    const field = key.slice("$setElementOrder/".length);
    if (Array.isArray(out[field])) out[field] = orderBy(out[field] as unknown[], order, mergeKeyOf([...fieldPath, field]));
  }
  if (Array.isArray(retain)) for (const key of Object.keys(out)) if (!retain.includes(key)) delete out[key];
  return out;
}
