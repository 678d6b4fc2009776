import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec, type FieldSpec } from "./field-spec.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { apiGroup } from "../manifest/resource-key.ts";
import type { RenderResource } from "./render-resource.ts";
import { RenderError } from "../../errors.ts";
import { findFieldSlots, readSlot } from "./field-path.ts";
import { apiVersionOnly } from "./field-spec.ts";
import { effectiveNamespace } from "./resource-id.ts";

/** A var declared by a kustomization, bound to the resource its objRef matched when declared. */
export interface BoundVar {
  readonly name: string;
  readonly fieldPath: string;
  readonly file: string;
  /** The matched resource by kind, original name/namespace and source file; undefined when nothing matched. */
  readonly bound?: { readonly kind: string; readonly group: string; readonly name: string; readonly namespace: string; readonly source: string };
}

/**
 * Returns the vars accumulated so far plus the vars declared in `raw` (a kustomization's
 * `vars` field, declared in `file`), each bound to the one resource of `resources` its
 * objRef matches by current or original name, as kustomize's MergeVars does. Duplicate
 * names and ambiguous objRefs are errors.
 */
export function bindVars(params: { resources: readonly RenderResource[]; accumulated: readonly BoundVar[]; raw: JsonValue; file: string }): BoundVar[] {
  const { resources, raw, file } = params;
  if (!Array.isArray(raw)) throw new RenderError({ file, message: `vars in "${file}" must be a list` });
  const out = [...params.accumulated];
  const names = new Set(out.map((v) => v.name));
  for (const v of raw) {
    if (!isJsonObject(v) || typeof v.name !== "string" || !isJsonObject(v.objref)) throw new RenderError({ file, message: `var in "${file}" needs name and objref` });
    if (names.has(v.name)) throw new RenderError({ file, message: `var "${v.name}" in "${file}" is already defined; var names must be unique across the build` });
    names.add(v.name);
    const ref = v.objref;
    const text = (key: string): string => (typeof ref[key] === "string" ? (ref[key] as string) : "");
    // kustomize's objref GVK: apiVersion, when given, overrides group and version; the
    // match is exact (a missing version matches nothing).
    const apiVersion = text("apiVersion");
    const group = apiVersion === "" ? text("group") : apiGroup(apiVersion);
    const version = apiVersion === "" ? text("version") : apiVersionOnly(apiVersion);
    const wanted = { kind: text("kind"), name: text("name"), namespace: text("namespace") };
    const matched = resources.filter((r) => {
      const o = r.obj;
      if (o.kind !== wanted.kind || apiGroup(o.apiVersion) !== group || apiVersionOnly(o.apiVersion) !== version) return false;
      // Each id the resource has had is a (name, namespace) pair; a namespace is only compared when the objref gives one.
      const ids = [...r.history, { name: o.metadata.name ?? "", namespace: o.metadata.namespace }];
      return ids.some((id) => id.name === wanted.name && (wanted.namespace === "" || effectiveNamespace(o, id.namespace) === effectiveNamespace(o, wanted.namespace)));
    });
    if (matched.length > 1) throw new RenderError({ file, message: `var "${v.name}" in "${file}" matches ${matched.length} resources; add objref.namespace to pick one` });
    const fieldref = isJsonObject(v.fieldref) && typeof v.fieldref.fieldpath === "string" && v.fieldref.fieldpath !== "" ? v.fieldref.fieldpath : "metadata.name";
    const m = matched[0];
    out.push({ name: v.name, fieldPath: fieldref, file, bound: m ? { kind: wanted.kind, group, ...original(m), source: m.source } : undefined });
  }
  return out;
}

function original(r: RenderResource): { name: string; namespace: string } {
  const h = r.history[0];
  return h ? { name: h.name, namespace: h.namespace ?? "" } : { name: r.obj.metadata.name ?? "", namespace: r.obj.metadata.namespace ?? "" };
}

/**
 * Returns the segments of a var's `fieldref.fieldpath` as kustomize reads them: split on
 * every dot, and `name[3]` taken as the field `name`, then index 3.
 */
export function splitVarFieldPath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split(".")) {
    const indexed = /^(.*)\[(\d+)\]$/.exec(part);
    if (indexed === null) out.push(part);
    else {
      if (indexed[1] !== "") out.push(indexed[1] as string);
      out.push(indexed[2] as string);
    }
  }
  return out;
}

/**
 * Returns `resources` with every `$(VAR)` in the var reference fields (the merged
 * `varReference` configuration: container command, args, env values and mount paths,
 * Service ports, Ingress hosts, labels and annotations, by default) replaced by the var's
 * value, read from the bound resource after all transforms. A string field, each value of
 * a map and each item of a list are expanded; `$$(VAR)` stays literal `$(VAR)`. A var
 * whose resource is gone is an error. Never mutates arguments.
 */
export function applyVars(resources: readonly RenderResource[], vars: readonly BoundVar[], varReference: readonly FieldSpec[]): RenderResource[] {
  if (vars.length === 0) return [...resources];
  const values = new Map<string, JsonValue>();
  for (const v of vars) {
    const r = v.bound && resources.find((res) => res.obj.kind === v.bound?.kind && res.source === v.bound.source && original(res).name === v.bound.name && original(res).namespace === v.bound.namespace);
    if (!r) throw new RenderError({ file: v.file, message: `var "${v.name}" in "${v.file}" cannot be mapped to a field in the set of known resources; check its objref` });
    const slot = findFieldSlots(r.obj, splitVarFieldPath(v.fieldPath), false)[0];
    const value = slot && readSlot(slot);
    if (value === undefined) throw new RenderError({ file: v.file, message: `var "${v.name}" in "${v.file}": field "${v.fieldPath}" is missing in ${r.obj.kind} "${r.obj.metadata.name ?? ""}"` });
    values.set(v.name, value);
  }
  // The var filter never creates fields.
  const specs = varReference.map((s) => compileFieldSpec({ ...s, create: false }));
  return resources.map((res) => {
    const matching = specs.filter((s) => fieldSpecSelects(s, res.obj));
    if (matching.length === 0 || !JSON.stringify(res.obj).includes("$(")) return res;
    const obj = structuredClone(res.obj);
    for (const spec of matching) visitFieldSpec(obj, spec, (parent, key) => expandField(parent, key, values, spec.path));
    // kustomize rewrites every annotation as a string when it strips its build annotations.
    const annotations = obj.metadata.annotations as JsonObject | undefined;
    if (annotations) for (const [k, v] of Object.entries(annotations)) if (typeof v === "number" || typeof v === "boolean") annotations[k] = String(v);
    return { ...res, obj };
  });
}

function expandField(parent: JsonObject, key: string, values: ReadonlyMap<string, JsonValue>, path: string): void {
  const value = parent[key];
  if (typeof value === "string") parent[key] = expand(value, values);
  else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item !== "string") throw new RenderError({ message: `a var reference field "${path}" holds a list item that is not a string; kustomize only substitutes vars in lists of strings` });
      value[i] = expand(item, values);
    });
  } else if (isJsonObject(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === "string") value[k] = expand(v, values);
  }
}

/**
 * Expands $(NAME) like Kubernetes' expansion: `$$` escapes, unknown names stay as
 * written, and so do vars whose value is a map, a list or null (kustomize only
 * substitutes scalars). A field that is exactly one var takes the value's type.
 */
function expand(text: string, values: ReadonlyMap<string, JsonValue>): JsonValue {
  const scalar = (name: string | undefined): string | number | boolean | undefined => {
    const v = name === undefined ? undefined : values.get(name);
    return v === undefined || v === null || typeof v === "object" ? undefined : v;
  };
  const whole = /^\$\(([^)]+)\)$/.exec(text);
  const single = whole ? scalar(whole[1]) : undefined;
  if (single !== undefined) return single;
  return text.replace(/\$\$|\$\(([^)]*)\)/g, (m, name: string | undefined) => {
    if (m === "$$") return "$";
    const v = scalar(name);
    return v === undefined ? m : String(v);
  });
}
