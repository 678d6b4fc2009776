import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { resolveYamlScalar } from "../manifest/resolve-yaml-scalar.ts";
import type { RenderResource } from "./render-resource.ts";
import { RenderError } from "../../errors.ts";
import { matchesTarget, parseTarget, type Target } from "./select-resources.ts";
import { findFieldSlots, readSlot, writeSlot, type FieldSlot } from "./field-path.ts";

interface Options {
  readonly delimiter?: string;
  readonly index: number;
  readonly create: boolean;
}

/**
 * Returns the segments of a replacement field path as kustomize splits it: on dots,
 * except escaped ones (`acme\.io/x`) and those inside brackets; a bracketed map key
 * (`[acme.io/x]`) loses its brackets, a list selector (`[name=a.b]`) keeps them. A
 * leading dot is allowed.
 */
export function splitReplacementPath(path: string): string[] {
  const parts = path.split(".");
  if (parts.length > 1 && parts[0] === "") parts.shift();
  const escaped: string[] = [];
  for (const part of parts) {
    const last = escaped.length - 1;
    if (last >= 0 && (escaped[last] as string).endsWith("\\")) escaped[last] = `${(escaped[last] as string).slice(0, -1)}.${part}`;
    else escaped.push(part);
  }
  const joined: string[] = [];
  for (let i = 0; i < escaped.length; i++) {
    let elem = escaped[i] as string;
    if (elem.startsWith("[") && !elem.endsWith("]")) {
      while (i < escaped.length - 1) {
        i++;
        elem += `.${escaped[i] as string}`;
        if ((escaped[i] as string).endsWith("]")) break;
      }
    }
    joined.push(elem);
  }
  return joined.map((e) => (e.startsWith("[") && e.endsWith("]") && !e.includes("=") ? e.slice(1, -1) : e));
}

/**
 * Returns `resources` with kustomize `replacements` applied, in order: each copies the
 * value at the source's fieldPath (default metadata.name; exactly one resource must
 * match) into every fieldPath (default metadata.name) of every selected, non-rejected
 * target. A scalar target keeps its type and takes the value's text, as kustomize copies
 * only the value; `options.delimiter` and `index` pick (source) or replace (target) one
 * part of a delimited string, a target index past either end adding a part there;
 * `options.create` creates missing fields. A missing source or target field is an error.
 * `replacements` are inline entries (the engine loads `path:` entries). Throws
 * RenderError naming `context.file`. Never mutates its arguments.
 */
export function applyReplacements(resources: readonly RenderResource[], replacements: readonly JsonValue[], context: { file: string }): RenderResource[] {
  const { file } = context;
  let current = [...resources];
  for (const raw of replacements) {
    if (!isJsonObject(raw) || !isJsonObject(raw.source) || !Array.isArray(raw.targets)) throw new RenderError({ file, message: `replacement in "${file}" needs a source map and a targets list` });
    const value = sourceValue(current, raw.source, file);
    for (const t of raw.targets) {
      if (!isJsonObject(t) || !isJsonObject(t.select)) throw new RenderError({ file, message: `replacement target in "${file}" must select resources; add a select map` });
      const fieldPaths = t.fieldPaths === undefined || t.fieldPaths === null ? ["metadata.name"] : t.fieldPaths;
      if (!Array.isArray(fieldPaths) || fieldPaths.some((p) => typeof p !== "string")) throw new RenderError({ file, message: `replacement fieldPaths in "${file}" must be a list of strings` });
      const select = exactTarget(t.select, file);
      const rejects = Array.isArray(t.reject) ? t.reject.map((r) => exactTarget(r, file)) : [];
      const options = parseOptions(t.options, file);
      current = current.map((res) => {
        const ids = idViews(res);
        const chosen = ids.some((id) => matchesTarget(id, select)) && !rejects.some((r) => ids.some((id) => matchesTarget(id, r)));
        return chosen ? { ...res, obj: applyToTarget(res.obj, fieldPaths as string[], value, options, file) } : res;
      });
    }
  }
  return current;
}

function sourceValue(resources: readonly RenderResource[], source: JsonObject, file: string): JsonValue {
  const { fieldPath, options, ...id } = source;
  const target = exactTarget(id, file);
  const matched = resources.filter((r) => idViews(r).some((id) => matchesTarget(id, target)));
  const desc = JSON.stringify(id);
  if (matched.length === 0) throw new RenderError({ file, message: `replacement source ${desc} in "${file}" selects nothing; check its kind and name` });
  if (matched.length > 1) throw new RenderError({ file, message: `replacement source ${desc} in "${file}" selects ${matched.length} resources; add namespace or group to pick one` });
  const path = typeof fieldPath === "string" && fieldPath !== "" ? fieldPath : "metadata.name";
  const obj = (matched[0] as RenderResource).obj;
  const slot = findFieldSlots(obj, splitReplacementPath(path), false)[0];
  const value = slot === undefined ? undefined : readSlot(slot);
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0)) {
    throw new RenderError({ file, message: `replacement source field "${path}" is missing in ${obj.kind} "${obj.metadata.name ?? ""}" (${file})` });
  }
  const opts = parseOptions(options, file);
  if (opts.delimiter === undefined) return value;
  if (typeof value === "object") throw new RenderError({ file, message: `replacement source options.delimiter in "${file}" needs a scalar at "${path}"` });
  const parts = String(value).split(opts.delimiter);
  const part = parts[opts.index];
  if (opts.index < 0 || part === undefined) throw new RenderError({ file, message: `replacement source options.index ${opts.index} is out of bounds for the value at "${path}" in "${file}"` });
  return part;
}

function isScalar(v: JsonValue | undefined): v is string | number | boolean | null {
  return v === null || typeof v !== "object";
}

/** Returns the value a scalar target holds after kustomize copies only the text of `text` into it. */
function retyped(target: JsonValue | undefined, text: string): JsonValue {
  if (typeof target === "string") return text;
  const resolved = resolveYamlScalar(text);
  // A created field has no tag: it prints as plain text and reads back as what that text means.
  if (target === undefined || target === null) return resolved.kind === "int" ? Number(resolved.value) : resolved.kind === "float" || resolved.kind === "bool" || resolved.kind === "null" ? resolved.value : text;
  if (typeof target === "number" && (resolved.kind === "int" || resolved.kind === "float")) return Number(resolved.value);
  if (typeof target === "boolean" && resolved.kind === "bool") return resolved.value;
  return text;
}

function applyToTarget(obj: KubeObject, fieldPaths: readonly string[], value: JsonValue, options: Options, file: string): KubeObject {
  const copy = structuredClone(obj);
  for (const fp of fieldPaths) {
    const slots = findFieldSlots(copy, splitReplacementPath(fp), options.create);
    if (slots.length === 0) throw new RenderError({ file, message: `replacement target field "${fp}" not found in ${obj.kind} "${obj.metadata.name ?? ""}" (${file}); set options.create: true to create it` });
    for (const slot of slots) setTarget(slot, value, options, fp, file);
  }
  return copy;
}

function setTarget(slot: FieldSlot, value: JsonValue, options: Options, fp: string, file: string): void {
  const current = readSlot(slot);
  let next = value;
  if (options.delimiter !== undefined) {
    if (!isScalar(current ?? null) || !isScalar(value)) throw new RenderError({ file, message: `replacement target options.delimiter in "${file}" needs a scalar at "${fp}"` });
    const parts = current === undefined || current === null ? [""] : String(current).split(options.delimiter);
    const text = value === null ? "" : String(value);
    if (options.index < 0) parts.unshift(text);
    else if (options.index >= parts.length) parts.push(text);
    else parts[options.index] = text;
    next = parts.join(options.delimiter);
  }
  if (isScalar(next) && (current === undefined || isScalar(current))) writeSlot(slot, retyped(current, next === null ? "" : String(next)));
  else writeSlot(slot, structuredClone(next));
}

function parseOptions(raw: JsonValue | undefined, file: string): Options {
  if (raw === undefined || raw === null) return { index: 0, create: false };
  if (!isJsonObject(raw)) throw new RenderError({ file, message: `replacement options in "${file}" must be a map` });
  const delimiter = typeof raw.delimiter === "string" && raw.delimiter !== "" ? raw.delimiter : undefined;
  return { delimiter, index: typeof raw.index === "number" ? raw.index : 0, create: raw.create === true };
}

/**
 * Returns the resource as seen under each id it has had, current first: kustomize's
 * replacements select by any of them (its previous names), not only the first and last.
 */
function idViews(res: RenderResource): RenderResource[] {
  const views: RenderResource[] = [{ ...res, history: [] }];
  for (const h of res.history) {
    const { namespace: _current, ...metadata } = res.obj.metadata;
    views.push({ ...res, obj: { ...res.obj, metadata: h.namespace === undefined ? { ...metadata, name: h.name } : { ...metadata, name: h.name, namespace: h.namespace } }, history: [] });
  }
  return views;
}

const ID_FIELDS = new Set(["group", "version", "kind", "name", "namespace"]);

/**
 * Returns a selector that matches its group, version, kind, name and namespace exactly:
 * unlike patch targets, kustomize's replacement sources and targets are not regular
 * expressions (labelSelector and annotationSelector work as usual).
 */
function exactTarget(raw: JsonValue, file: string): Target {
  if (!isJsonObject(raw)) return parseTarget(raw, file);
  return parseTarget(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, ID_FIELDS.has(k) && typeof v === "string" ? v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : v])), file);
}
