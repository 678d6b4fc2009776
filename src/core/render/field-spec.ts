import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { apiGroup } from "../manifest/resource-key.ts";
import { isJsonObject } from "../manifest/kube-object.ts";

/**
 * Where a built-in transformer reads or writes a field: kustomize's FieldSpec. The
 * path is slash-separated ("spec/template/metadata/labels"); "\/" escapes a slash
 * inside a key (annotation names), and "[]" marks a list whose items are visited.
 */
export interface FieldSpec {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly path: string;
  /** Create missing fields along the path (kustomize's `create: true`). */
  readonly create?: boolean;
}

/** A compiled FieldSpec: the path split once, so passes over many resources stay cheap. */
export interface CompiledFieldSpec extends FieldSpec {
  readonly segments: readonly string[];
  /** Per segment: marked "[]", a list kustomize never creates there. */
  readonly lists: readonly boolean[];
}

/** Returns the spec with its path split into keys. */
export function compileFieldSpec(spec: FieldSpec): CompiledFieldSpec {
  const raw = splitRawFieldPath(spec.path);
  return { ...spec, segments: raw.map((s) => (s.endsWith("[]") ? s.slice(0, -2) : s)), lists: raw.map((s) => s.endsWith("[]")) };
}

/** Returns the keys of a FieldSpec path, honouring "\/" escapes and dropping "[]" markers. */
export function splitFieldPath(path: string): string[] {
  return splitRawFieldPath(path).map((s) => (s.endsWith("[]") ? s.slice(0, -2) : s));
}

function splitRawFieldPath(path: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === "\\" && path[i + 1] === "/") {
      current += "/";
      i++;
    } else if (c === "/") {
      out.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

/** Returns the version part of an apiVersion ("apps/v1" → "v1"). */
export function apiVersionOnly(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

/** Returns true when every group/version/kind the spec names equals the object's. */
export function fieldSpecSelects(spec: Pick<FieldSpec, "group" | "version" | "kind">, obj: Pick<KubeObject, "apiVersion" | "kind">): boolean {
  if (spec.kind !== undefined && spec.kind !== "" && spec.kind !== obj.kind) return false;
  if (spec.group !== undefined && spec.group !== "" && spec.group !== apiGroup(obj.apiVersion)) return false;
  if (spec.version !== undefined && spec.version !== "" && spec.version !== apiVersionOnly(obj.apiVersion)) return false;
  return true;
}

/** Called with the map holding the field and the field's key; the value may be absent. */
export type FieldVisitor = (parent: JsonObject, key: string) => void;

/**
 * Visits every field the spec's path reaches in `node`, descending into each item of a
 * list on the way (as kustomize does). With `create`, missing maps along the path are
 * created and the visitor is called for a missing last field too; without it, absent
 * or null fields are skipped. Mutates `node`: callers pass their own copy.
 */
export function visitFieldSpec(node: JsonValue, spec: CompiledFieldSpec, visit: FieldVisitor): void {
  walk(node, spec, 0, visit);
}

function walk(node: JsonValue | undefined, spec: CompiledFieldSpec, i: number, visit: FieldVisitor): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, spec, i, visit);
    return;
  }
  if (!isJsonObject(node)) return;
  const { segments } = spec;
  // kustomize never creates a field the path marks as a list ("containers[]").
  const create = spec.create === true && spec.lists[i] !== true;
  const key = segments[i] as string;
  const value = node[key];
  if (i === segments.length - 1) {
    if (value === undefined || value === null) {
      if (create) visit(node, key);
      return;
    }
    visit(node, key);
    return;
  }
  if (value === undefined || value === null) {
    if (!create) return;
    const created: JsonObject = {};
    node[key] = created;
    walk(created, spec, i + 1, visit);
    return;
  }
  walk(value, spec, i + 1, visit);
}
