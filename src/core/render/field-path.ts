import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";

/**
 * Returns the segments of a kustomize field path ("spec.containers.[name=app].image"):
 * split on dots outside brackets, so `[key=a.b]` stays one segment.
 */
export function splitFieldPath(path: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of path) {
    if (c === "[") depth++;
    if (c === "]") depth--;
    if (c === "." && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.filter((s) => s !== "");
}

/** A location found by a field path: the container and the key/index inside it. */
export interface FieldSlot {
  readonly parent: JsonObject | JsonValue[];
  readonly key: string | number;
}

/**
 * Returns the slots a field path names inside `root` (a mutable copy owned by the
 * caller). `[k=v]` picks list elements whose field k is v, a number indexes a list, `*`
 * takes every element or map value. With `create`, missing map fields are created as maps on the
 * way and the last one is left for the caller to set.
 */
export function findFieldSlots(root: JsonObject, segments: readonly string[], create: boolean): FieldSlot[] {
  let nodes: JsonValue[] = [root];
  const slots: FieldSlot[] = [];
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    const next: JsonValue[] = [];
    for (const node of nodes) {
      const select = /^\[([^=\]]+)=(.*)\]$/.exec(seg);
      if (Array.isArray(node)) {
        const indexes: number[] = [];
        if (select) node.forEach((e, j) => isJsonObject(e) && String(e[select[1] as string]) === select[2] && indexes.push(j));
        else if (seg === "*" || seg === "[*]") node.forEach((_, j) => indexes.push(j));
        else if (/^\d+$/.test(seg) && Number(seg) < node.length) indexes.push(Number(seg));
        for (const j of indexes) {
          if (last) slots.push({ parent: node, key: j });
          else next.push(node[j] as JsonValue);
        }
      } else if (isJsonObject(node) && seg === "*") {
        for (const k of Object.keys(node)) {
          if (last) slots.push({ parent: node, key: k });
          else next.push(node[k] as JsonValue);
        }
      } else if (isJsonObject(node) && !select) {
        if (last) {
          if (Object.hasOwn(node, seg) || create) slots.push({ parent: node, key: seg });
        } else if (Object.hasOwn(node, seg) && node[seg] !== null) next.push(node[seg] as JsonValue);
        else if (create) {
          const made: JsonObject = {};
          Object.defineProperty(node, seg, { value: made, enumerable: true, writable: true, configurable: true });
          next.push(made);
        }
      }
    }
    nodes = next;
  });
  return slots;
}

/** Returns the value at a slot. */
export function readSlot(slot: FieldSlot): JsonValue | undefined {
  return Array.isArray(slot.parent) ? slot.parent[slot.key as number] : (slot.parent as JsonObject)[slot.key as string];
}

/** Sets the value at a slot (the caller owns the containing copy). */
export function writeSlot(slot: FieldSlot, value: JsonValue): void {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else Object.defineProperty(slot.parent, slot.key as string, { value, enumerable: true, writable: true, configurable: true });
}
