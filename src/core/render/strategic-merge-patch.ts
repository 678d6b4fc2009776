import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { RenderError } from "../../errors.ts";
import { mergeSchemaFor, type MergeSchema } from "./merge-schema.ts";
import type { MergeSchemas } from "./openapi-schema.ts";

/** Options of a `patches` entry that let a patch rename or re-kind its target. */
export interface StrategicMergeOptions {
  readonly allowNameChange?: boolean;
  readonly allowKindChange?: boolean;
  /** The patch file, named in errors. */
  readonly file?: string;
  /** A kustomization's `openapi:` schema, used instead of the built-in one for every kind. */
  readonly schemas?: MergeSchemas | undefined;
}

const DIRECTIVE = "$patch";

/**
 * Returns `target` with the strategic merge `patch` applied as kustomize 5.5 applies it
 * (kyaml's merge2, not apimachinery's): maps merge and `null` deletes a key; lists
 * merge by key only where kustomize's built-in schema says so (see merge-schema.ts),
 * with the patch's elements first, then the target's others in their order; other
 * lists, and every list of a kind without a schema, are replaced. `$patch:
 * delete|replace|merge` on maps and `{$patch: replace}` / `{key: x, $patch: delete}`
 * list elements are honoured; kustomize passes `$setElementOrder/…`, `$retainKeys` and
 * `$deleteFromPrimitiveList/…` through as ordinary fields, and so does this.
 * Name, namespace and kind stay the target's unless `options` allow a change. As
 * kyaml walks the whole target, its merged lists lose duplicate keys even where the
 * patch does not touch them (see collapseDuplicates).
 *
 * Returns undefined when the patch deletes the object. Never mutates its arguments.
 */
export function applyStrategicMergePatch(target: KubeObject, patch: JsonObject, options: StrategicMergeOptions = {}): KubeObject | undefined {
  const file = options.file ?? "patch";
  const schema = options.schemas ? options.schemas.get(`${target.apiVersion}/${target.kind}`) : mergeSchemaFor(target.apiVersion, target.kind);
  const merged = mergeMap(collapseDuplicates(target, schema) as KubeObject, patch, schema, file);
  if (merged === undefined || Object.keys(merged).length === 0) return undefined;
  const out = merged as KubeObject;
  const meta: JsonObject = isJsonObject(out.metadata) ? { ...out.metadata } : {};
  // kustomize drops an empty annotations map (it keeps its build annotations there);
  // an emptied labels map stays `labels: {}` (checked against kubectl kustomize).
  if (isJsonObject(meta.annotations) && Object.keys(meta.annotations).length === 0) delete meta.annotations;
  if (!options.allowNameChange) setOrDelete(meta, "name", target.metadata.name);
  setOrDelete(meta, "namespace", target.metadata.namespace);
  out.metadata = meta as KubeObject["metadata"];
  if (!options.allowKindChange) out.kind = target.kind;
  return out;
}

function setOrDelete(obj: JsonObject, key: string, value: string | undefined): void {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
}

function directiveOf(patch: JsonObject, file: string): "merge" | "replace" | "delete" {
  const d = patch[DIRECTIVE];
  if (d === undefined || d === "merge") return "merge";
  if (d === "replace" || d === "delete") return d;
  throw new RenderError({ file, message: `strategic merge patch "${file}" has unknown directive "$patch: ${String(d)}"; use merge, replace or delete` });
}

function withoutDirective(patch: JsonObject): JsonObject {
  const { [DIRECTIVE]: _d, ...rest } = patch;
  return rest;
}

/** Merges map `patch` into `dest` (undefined when absent); undefined result = delete. */
function mergeMap(dest: JsonObject | undefined, patch: JsonObject, schema: MergeSchema | undefined, file: string): JsonObject | undefined {
  const directive = directiveOf(patch, file);
  if (directive === "delete") return undefined;
  const body = withoutDirective(patch);
  // kyaml walks an added or replacing map against itself: its nulls and nested
  // directives are resolved the same way.
  const base = dest === undefined || directive === "replace" ? undefined : dest;
  const out: JsonObject = base === undefined ? {} : { ...base };
  for (const key of Object.keys(body)) {
    const p = body[key] as JsonValue;
    if (p === null) {
      delete out[key];
      continue;
    }
    const value = mergeValue({ dest: base?.[key], patch: p, schema, key, file });
    if (value === undefined) delete out[key];
    // defineProperty: a "__proto__" key in a manifest is data, not a prototype.
    else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

interface MergeArgs {
  readonly dest: JsonValue | undefined;
  readonly patch: JsonValue;
  /** Schema of the map holding `key`. */
  readonly schema: MergeSchema | undefined;
  readonly key: string;
  readonly file: string;
}

function mergeValue({ dest, patch, schema, key, file }: MergeArgs): JsonValue | undefined {
  const child = schema?.fields[key];
  if (dest !== undefined && dest !== null && shape(dest) !== shape(patch)) {
    throw new RenderError({ file, message: `strategic merge patch "${file}" sets field "${key}" to a ${shape(patch)} where the target has a ${shape(dest)}; make the patch match the target's structure` });
  }
  if (isJsonObject(patch)) return mergeMap(isJsonObject(dest) ? dest : undefined, patch, child, file);
  if (!Array.isArray(patch)) return patch;
  const keys = schema?.lists[key];
  if (keys === undefined) return patch;
  return mergeList(Array.isArray(dest) ? dest : [], patch, keys, child?.items, file);
}

function mergeList(dest: readonly JsonValue[], patch: readonly JsonValue[], keys: readonly string[], items: MergeSchema | undefined, file: string): JsonValue[] {
  if (patch.some((e) => isJsonObject(e) && e[DIRECTIVE] === "replace")) {
    return mergeList([], patch.filter((e) => !(isJsonObject(e) && e[DIRECTIVE] === "replace")), keys, items, file);
  }
  if (keys.length === 0) return mergeScalars(dest, patch);
  return mergeKeyed(dest, patch, keys, items, file);
}

/** Lists of scalars with a merge strategy (finalizers): the union, patch values first. */
function mergeScalars(dest: readonly JsonValue[], patch: readonly JsonValue[]): JsonValue[] {
  const seen = new Set<string>();
  const out: JsonValue[] = [];
  for (const v of [...patch, ...dest]) {
    const k = isJsonObject(v) || Array.isArray(v) ? JSON.stringify(v) : String(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** Returns the element's merge-key values as strings ("" when a key is missing). */
function keyValues(element: JsonValue, keys: readonly string[]): string[] {
  if (!isJsonObject(element)) return keys.map(() => "");
  return keys.map((k) => {
    const v = element[k];
    return v === undefined || v === null || isJsonObject(v) || Array.isArray(v) ? "" : String(v);
  });
}

/** Keys with a value; all keys when none has one (kyaml's validateKeys). */
function validKeys(values: readonly string[], keys: readonly string[]): { keys: string[]; values: string[] } {
  const k: string[] = [];
  const v: string[] = [];
  values.forEach((value, i) => {
    if (value !== "") {
      k.push(keys[i] as string);
      v.push(value);
    }
  });
  return k.length === 0 ? { keys: [...keys], values: [...values] } : { keys: k, values: v };
}

/**
 * An index of list elements by their first merge key, so a lookup costs the number of
 * elements sharing that value (one, in any sane list) rather than the list length.
 */
class KeyedIndex {
  private readonly byFirst = new Map<string, number[]>();
  constructor(
    readonly elements: JsonValue[],
    private readonly keys: readonly string[],
  ) {
    elements.forEach((e, i) => this.add(e, i));
  }
  add(element: JsonValue, i: number): void {
    const first = keyValues(element, this.keys.slice(0, 1))[0] as string;
    const list = this.byFirst.get(first) ?? [];
    list.push(i);
    this.byFirst.set(first, list);
  }
  find(keys: readonly string[], values: readonly string[]): number {
    const firstIdx = this.keys.indexOf(keys[0] as string);
    const candidates = firstIdx === 0 ? (this.byFirst.get(values[0] as string) ?? []) : this.elements.map((_, i) => i);
    for (const i of candidates) {
      const e = this.elements[i] as JsonValue;
      if (e === undefined) continue;
      const ev = keyValues(e, keys);
      if (ev.every((v, j) => v === values[j])) return i;
    }
    return -1;
  }
}

const REMOVED = Symbol("removed");

function mergeKeyed(dest: readonly JsonValue[], rawPatch: readonly JsonValue[], keys: readonly string[], items: MergeSchema | undefined, file: string): JsonValue[] {
  const patch = keys.length > 1 ? dropPartialMatches(dest, rawPatch, keys) : rawPatch;
  // Distinct key tuples, patch elements first (kustomize prepends patch items). With
  // several keys (list-map-keys: Service ports) that every patch element gives, kyaml
  // keeps the target's order and puts only the patch's new elements first (checked
  // against kubectl kustomize v5.5).
  const tuples: string[][] = [];
  const seen = new Set<string>();
  const fullKeys = keys.length > 1 && patch.every((e) => validKeys(keyValues(e, keys), keys).keys.length === keys.length);
  const lookup = fullKeys ? new KeyedIndex([...dest], keys) : undefined;
  const isNew = (e: JsonValue): boolean => {
    const { keys: vk, values: vv } = validKeys(keyValues(e, keys), keys);
    return lookup === undefined || lookup.find(vk, vv) < 0;
  };
  const order = lookup === undefined ? [...patch, ...dest] : [...patch.filter(isNew), ...dest, ...patch];
  for (const e of order) {
    const v = keyValues(e, keys);
    const id = JSON.stringify(v);
    if (seen.has(id)) continue;
    seen.add(id);
    tuples.push(v);
  }
  const current: (JsonValue | typeof REMOVED)[] = [...dest];
  const destIndex = new KeyedIndex(current as JsonValue[], keys);
  const patchIndex = new KeyedIndex([...patch], keys);
  const out: JsonValue[] = [];
  const outIndex = new KeyedIndex(out, keys);
  for (const tuple of tuples) {
    const { keys: vk, values: vv } = validKeys(tuple, keys);
    const di = destIndex.find(vk, vv);
    const pi = patchIndex.find(vk, vv);
    const d = di >= 0 ? current[di] : undefined;
    const p = pi >= 0 ? patch[pi] : undefined;
    let merged: JsonValue | undefined;
    if (p === undefined) merged = d === REMOVED ? undefined : d;
    else if (isJsonObject(p)) merged = mergeMap(isJsonObject(d) ? d : undefined, p, items, file);
    else merged = p;
    if (merged === undefined || (isJsonObject(merged) && Object.keys(merged).length === 0)) {
      if (di >= 0) current[di] = REMOVED;
      continue;
    }
    if (isJsonObject(merged)) {
      vk.forEach((k, i) => {
        if ((merged as JsonObject)[k] === undefined) (merged as JsonObject)[k] = vv[i] as string;
      });
    }
    if (di >= 0) current[di] = merged;
    const oi = outIndex.find(vk, vv);
    if (oi >= 0) out[oi] = merged;
    else {
      out.push(merged);
      outIndex.add(merged, out.length - 1);
    }
  }
  return out;
}

/**
 * With several merge keys (container ports: containerPort + protocol), kustomize 5.5
 * silently drops a patch element that names the same port as a target element but
 * with a different set of keys present (`{containerPort: 80}` against `{containerPort:
 * 80, protocol: TCP}`, either way round): the target element is kept unchanged. Found
 * by comparing with `kubectl kustomize`; mirrored so the output stays identical.
 */
function dropPartialMatches(dest: readonly JsonValue[], patch: readonly JsonValue[], keys: readonly string[]): JsonValue[] {
  const byFirst = new Map<string, string[][]>();
  for (const d of dest) {
    const v = keyValues(d, keys);
    const list = byFirst.get(v[0] as string) ?? [];
    list.push(v);
    byFirst.set(v[0] as string, list);
  }
  return patch.filter((p) => {
    const pv = keyValues(p, keys);
    if (pv[0] === "") return true;
    return !(byFirst.get(pv[0] as string) ?? []).some((dv) => {
      const samePresence = dv.every((x, i) => (x === "") === (pv[i] === ""));
      const agree = dv.every((x, i) => x === "" || pv[i] === "" || x === pv[i]);
      return !samePresence && agree;
    });
  });
}

function shape(v: JsonValue): "map" | "list" | "scalar" {
  return isJsonObject(v) ? "map" : Array.isArray(v) ? "list" : "scalar";
}

/**
 * Returns `obj` with every list the schema merges by key cleaned of repeated keys, as
 * kyaml's walk of the target leaves it: one element per key, at the first one's place,
 * holding the last one's value (whole, not merged); lists of scalars keep each value
 * once. Found with kubectl kustomize: jaeger-operator's manager lists one env var seven
 * times, and any patch of that Deployment leaves one. Unchanged parts are returned as
 * they are (no copy).
 */
function collapseDuplicates(obj: JsonObject, schema: MergeSchema | undefined): JsonObject {
  if (schema === undefined) return obj;
  let out: JsonObject | undefined;
  for (const key of Object.keys(obj)) {
    const value = obj[key] as JsonValue;
    let next = value;
    const keys = schema.lists[key];
    const child = schema.fields[key];
    if (Array.isArray(value) && keys !== undefined) next = collapseList(value, keys, child?.items);
    else if (isJsonObject(value)) next = collapseDuplicates(value, child);
    if (next !== value) {
      out ??= { ...obj };
      Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
  }
  return out ?? obj;
}

function collapseList(list: JsonValue[], keys: readonly string[], items: MergeSchema | undefined): JsonValue[] {
  // Elements are grouped by the first key; with several keys (ports: port, protocol) a
  // key missing on one side matches any value, as kustomize matches them.
  const slots = new Map<string, number[]>();
  const out: JsonValue[] = [];
  let changed = false;
  for (const element of list) {
    const values = keys.length === 0 ? [isJsonObject(element) || Array.isArray(element) ? JSON.stringify(element) : String(element)] : keyValues(element, keys);
    const collapsed = isJsonObject(element) ? collapseDuplicates(element, items) : element;
    if (collapsed !== element) changed = true;
    const group = slots.get(values[0] as string) ?? [];
    // An element without any key value is left alone: there is nothing to match it by.
    const slot = values.every((v) => v === "") ? undefined : group.find((i) => {
      const other = keys.length === 0 ? values : keyValues(out[i] as JsonValue, keys);
      return values.every((v, j) => v === "" || other[j] === "" || v === other[j]);
    });
    if (slot === undefined) {
      group.push(out.length);
      slots.set(values[0] as string, group);
      out.push(collapsed);
    } else {
      changed = true;
      // Scalars: the first stays; maps: the last one's value takes the first one's place.
      if (keys.length > 0) out[slot] = collapsed;
    }
  }
  return changed ? out : list;
}
