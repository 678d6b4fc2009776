import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import type { RenderResource } from "./render-resource.ts";
import { RenderError } from "../../errors.ts";
import { matchesTarget, parseTarget, type Target } from "./select-resources.ts";
import { findFieldSlots, readSlot, splitFieldPath, writeSlot } from "./field-path.ts";

interface Options {
  readonly delimiter?: string;
  readonly index: number;
  readonly create: boolean;
}

/**
 * Returns `resources` with kustomize `replacements` applied, in order: each copies the
 * value at the source's fieldPath (default metadata.name; one resource must match) into
 * every fieldPath of every selected, non-rejected target. `options.delimiter/index` pick
 * or replace one part of a delimited string; `options.create` creates missing map
 * fields. A missing source or target field is an error, as in kustomize. `replacements`
 * are inline entries (the engine loads `path:` entries). Throws RenderError naming
 * `context.file`. Never mutates its arguments.
 */
export function applyReplacements(resources: readonly RenderResource[], replacements: readonly JsonValue[], context: { file: string }): RenderResource[] {
  const { file } = context;
  let current = [...resources];
  for (const raw of replacements) {
    if (!isJsonObject(raw) || !isJsonObject(raw.source) || !Array.isArray(raw.targets)) throw new RenderError({ file, message: `replacement in "${file}" needs a source map and a targets list` });
    const value = sourceValue(current, raw.source, file);
    for (const t of raw.targets) {
      if (!isJsonObject(t) || !Array.isArray(t.fieldPaths)) throw new RenderError({ file, message: `replacement target in "${file}" needs select and fieldPaths` });
      const select = parseTarget(t.select ?? {}, file);
      const rejects = Array.isArray(t.reject) ? t.reject.map((r) => parseTarget(r, file)) : [];
      const options = parseOptions(t.options, file);
      current = current.map((res) => (matchesTarget(res, select) && !rejects.some((r) => matchesTarget(res, r)) ? { ...res, obj: applyToTarget(res.obj, t.fieldPaths as JsonValue[], value, options, file) } : res));
    }
  }
  return current;
}

function sourceValue(resources: readonly RenderResource[], source: JsonObject, file: string): JsonValue {
  const { fieldPath, options, ...id } = source;
  const target: Target = parseTarget(Object.fromEntries(Object.entries(id).map(([k, v]) => [k, typeof v === "string" ? escapeRegex(v) : v])) as JsonValue, file);
  const matched = resources.filter((r) => matchesTarget(r, target));
  const desc = JSON.stringify(id);
  if (matched.length === 0) throw new RenderError({ file, message: `replacement source ${desc} in "${file}" selects nothing; check its kind and name` });
  if (matched.length > 1) throw new RenderError({ file, message: `replacement source ${desc} in "${file}" selects ${matched.length} resources; add namespace or group to pick one` });
  const path = typeof fieldPath === "string" && fieldPath !== "" ? fieldPath : "metadata.name";
  const obj = (matched[0] as RenderResource).obj;
  const slot = findFieldSlots(obj, splitFieldPath(path), false)[0];
  const value = slot === undefined ? undefined : readSlot(slot);
  if (value === undefined) throw new RenderError({ file, message: `replacement source field "${path}" is missing in ${obj.kind} "${obj.metadata.name ?? ""}" (${file})` });
  const opts = parseOptions(options, file);
  if (opts.delimiter === undefined) return value;
  const parts = String(value).split(opts.delimiter);
  const part = parts[opts.index];
  if (part === undefined) throw new RenderError({ file, message: `replacement source options.index ${opts.index} is out of bounds for "${String(value)}" in "${file}"` });
  return part;
}

function applyToTarget(obj: KubeObject, fieldPaths: readonly JsonValue[], value: JsonValue, options: Options, file: string): KubeObject {
  const copy = structuredClone(obj);
  for (const fp of fieldPaths) {
    if (typeof fp !== "string") throw new RenderError({ file, message: `replacement fieldPaths in "${file}" must be strings` });
    const slots = findFieldSlots(copy, splitFieldPath(fp), options.create);
    if (slots.length === 0) throw new RenderError({ file, message: `replacement target field "${fp}" not found in ${obj.kind} "${obj.metadata.name ?? ""}" (${file}); set options.create: true to create it` });
    for (const slot of slots) {
      if (options.delimiter === undefined) {
        writeSlot(slot, structuredClone(value));
        continue;
      }
      const parts = String(readSlot(slot) ?? "").split(options.delimiter);
      if (options.index < 0 || options.index >= parts.length) throw new RenderError({ file, message: `replacement target options.index ${options.index} is out of bounds for field "${fp}" (${file})` });
      parts[options.index] = String(value);
      writeSlot(slot, parts.join(options.delimiter));
    }
  }
  return copy;
}

function parseOptions(raw: JsonValue | undefined, file: string): Options {
  if (raw === undefined || raw === null) return { index: 0, create: false };
  if (!isJsonObject(raw)) throw new RenderError({ file, message: `replacement options in "${file}" must be a map` });
  const delimiter = typeof raw.delimiter === "string" && raw.delimiter !== "" ? raw.delimiter : undefined;
  return { delimiter, index: typeof raw.index === "number" ? raw.index : 0, create: raw.create === true };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
