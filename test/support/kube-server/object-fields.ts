/**
 * Walks JSON objects the way structured-merge-diff does for the built-in
 * schema: computes an object's field set, compares two objects into the changed
 * and removed sets, merges an applied configuration onto a live object, and
 * removes the paths a manager stopped applying.
 */
import { emptySet, ensurePath, insertPath, type FieldNode } from "./field-set.ts";
import { isAtomicMap, itemElement, listTypeAt, type ListType } from "./list-schema.ts";

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Returns true for a plain JSON object. */
export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns true when two JSON values are deeply equal (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Returns a deep copy of a JSON value (hand-written: several times faster than structuredClone on plain JSON). */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isObject(value)) {
    const out: Json = {};
    for (const key in value) out[key] = clone(value[key]);
    return out as T;
  }
  return value;
}

function isLeaf(value: unknown, fieldPath: readonly string[]): boolean {
  if (Array.isArray(value)) return listTypeAt(fieldPath).type === "atomic";
  if (isObject(value)) return Object.keys(value).length === 0 || isAtomicMap(fieldPath);
  return true;
}

function itemsByElement(list: unknown[], type: ListType): Map<string, unknown> {
  const out = new Map<string, unknown>();
  list.forEach((item, i) => out.set(itemElement(item, type, i), item));
  return out;
}

function collect(root: FieldNode, value: unknown, path: string[], fieldPath: string[], ignore: (fieldPath: readonly string[]) => boolean): void {
  if (fieldPath.length > 0 && ignore(fieldPath)) return;
  if (path.length > 0 && isLeaf(value, fieldPath)) {
    insertPath(root, path);
    return;
  }
  if (Array.isArray(value)) {
    const type = listTypeAt(fieldPath);
    for (const [element, item] of itemsByElement(value, type)) {
      insertPath(root, [...path, element]);
      if (type.type === "map" && isObject(item)) collect(root, item, [...path, element], fieldPath, ignore);
    }
    return;
  }
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) collect(root, child, [...path, `f:${key}`], [...fieldPath, key], ignore);
  }
}

/** Returns the field set of an object: its leaves and its list items (SMD `ToFieldSet`). */
export function toFieldSet(obj: Json, ignore: (fieldPath: readonly string[]) => boolean): FieldNode {
  const root = emptySet();
  collect(root, obj, [], [], ignore);
  return root;
}

/** The result of comparing two objects: paths added or modified, and paths removed. */
export interface Comparison {
  changed: FieldNode;
  removed: FieldNode;
}

/** Compares `before` and `after` into changed and removed field sets (SMD `Compare`). */
export function compareObjects(before: Json, after: Json, ignore: (fieldPath: readonly string[]) => boolean): Comparison {
  const c: CompareContext = { ignore, changed: emptySet(), removed: emptySet() };
  compareValues(c, before, after, [], []);
  return { changed: c.changed, removed: c.removed };
}

// Module functions rather than closures made per comparison (every write compares):
// under tsx each closure also costs a keepNames `__name` call.
interface CompareContext {
  readonly ignore: (fieldPath: readonly string[]) => boolean;
  readonly changed: FieldNode;
  readonly removed: FieldNode;
}

// An added or removed subtree counts in full, the node itself included.
// (A map whose every field is ignored, like metadata on create, counts as nothing.)
function addAll(c: CompareContext, value: unknown, path: string[], fieldPath: string[], into: FieldNode): void {
  const sub = emptySet();
  collect(sub, value, path, fieldPath, c.ignore);
  const grown = path.reduce<FieldNode | undefined>((node, element) => node?.children.get(element), sub);
  if (!grown && isObject(value) && Object.keys(value).length > 0) return;
  const node = ensurePath(into, path);
  node.member = true;
  for (const [k, v] of grown?.children ?? []) node.children.set(k, v);
}

function compareValues(c: CompareContext, a: unknown, b: unknown, path: string[], fieldPath: string[]): void {
  if (fieldPath.length > 0 && c.ignore(fieldPath)) return;
  if (a === undefined && b === undefined) return;
  if (a === undefined) return addAll(c, b, path, fieldPath, c.changed);
  if (b === undefined) return addAll(c, a, path, fieldPath, c.removed);
  const leafA = path.length > 0 && isLeaf(a, fieldPath);
  const leafB = path.length > 0 && isLeaf(b, fieldPath);
  if (leafA || leafB || Array.isArray(a) !== Array.isArray(b) || isObject(a) !== isObject(b)) {
    if (!deepEqual(a, b) && path.length > 0) insertPath(c.changed, path);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const type = listTypeAt(fieldPath);
    const ia = itemsByElement(a, type);
    const ib = itemsByElement(b, type);
    for (const [element, item] of ib) {
      const old = ia.get(element);
      if (old === undefined) addAll(c, item, [...path, element], fieldPath, c.changed);
      else if (type.type === "map") compareValues(c, old, item, [...path, element], fieldPath);
    }
    for (const [element, item] of ia) if (!ib.has(element)) addAll(c, item, [...path, element], fieldPath, c.removed);
    return;
  }
  const ma = a as Json;
  const mb = b as Json;
  for (const key in ma) compareValues(c, ma[key], mb[key], [...path, `f:${key}`], [...fieldPath, key]);
  for (const key in mb) if (!(key in ma)) compareValues(c, undefined, mb[key], [...path, `f:${key}`], [...fieldPath, key]);
}

/** Merges an applied configuration onto a live object (SMD `Merge`); returns a new object. */
export function mergeApplied(live: unknown, config: unknown, fieldPath: string[] = []): unknown {
  if (config === undefined) return clone(live);
  if (Array.isArray(config)) {
    const type = listTypeAt(fieldPath);
    if (!Array.isArray(live) || type.type === "atomic") return clone(config);
    const ic = itemsByElement(config, type);
    const out: unknown[] = [];
    const seen = new Set<string>();
    live.forEach((item, i) => {
      const element = itemElement(item, type, i);
      seen.add(element);
      out.push(ic.has(element) ? (type.type === "map" ? mergeApplied(item, ic.get(element), fieldPath) : item) : item);
    });
    for (const [element, item] of ic) if (!seen.has(element)) out.push(clone(item));
    return out;
  }
  if (isObject(config)) {
    if (!isObject(live) || isAtomicMap(fieldPath)) return clone(config);
    const out: Json = { ...live };
    for (const [key, value] of Object.entries(config)) out[key] = mergeApplied(out[key], value, [...fieldPath, key]);
    return out;
  }
  return config;
}

/** Removes the member paths of `set` from `obj` in place, dropping maps and lists left empty. */
export function removePaths(obj: Json, set: FieldNode): void {
  const walk = (value: unknown, node: FieldNode, fieldPath: string[]): void => {
    if (Array.isArray(value)) {
      const type = listTypeAt(fieldPath);
      for (let i = value.length - 1; i >= 0; i--) {
        const child = node.children.get(itemElement(value[i], type, i));
        if (!child) continue;
        if (child.member) value.splice(i, 1);
        else walk(value[i], child, fieldPath);
      }
      return;
    }
    if (!isObject(value)) return;
    for (const [element, child] of node.children) {
      if (!element.startsWith("f:")) continue;
      const key = element.slice(2);
      if (!(key in value)) continue;
      if (child.member) {
        delete value[key];
        continue;
      }
      walk(value[key], child, [...fieldPath, key]);
      const after = value[key];
      if ((isObject(after) && Object.keys(after).length === 0) || (Array.isArray(after) && after.length === 0)) delete value[key];
    }
  };
  walk(obj, set, []);
}
