import { RenderError } from "../../errors.ts";
import type { JsonValue } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import type { FieldSpec } from "./field-spec.ts";
import { withGoJsonFields } from "./go-json-field.ts";

/** A kind whose name other objects refer to, and the fields that refer to it. */
export interface NameBackReference {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly referrers: readonly FieldSpec[];
}

/**
 * kustomize's TransformerConfig: the field specs each built-in transformer visits. A
 * kustomization's transformers use the built-in config merged with its own and its
 * bases' `configurations:` files; name references and vars use the merged config of
 * the whole build.
 */
export interface TransformerConfig {
  readonly namePrefix: readonly FieldSpec[];
  readonly nameSuffix: readonly FieldSpec[];
  readonly namespace: readonly FieldSpec[];
  readonly commonLabels: readonly FieldSpec[];
  /** Extra fields every `labels:` entry sets, whatever its flags (kustomize's `labels` config). */
  readonly labels: readonly FieldSpec[];
  readonly templateLabels: readonly FieldSpec[];
  readonly commonAnnotations: readonly FieldSpec[];
  readonly varReference: readonly FieldSpec[];
  readonly nameReference: readonly NameBackReference[];
  readonly images: readonly FieldSpec[];
  readonly replicas: readonly FieldSpec[];
}

const SPEC_LISTS = ["namePrefix", "nameSuffix", "namespace", "commonLabels", "labels", "templateLabels", "commonAnnotations", "varReference", "images", "replicas"] as const;

/** The config with no field specs: what a fresh accumulator starts from. */
export const EMPTY_TRANSFORMER_CONFIG: TransformerConfig = {
  namePrefix: [],
  nameSuffix: [],
  namespace: [],
  commonLabels: [],
  labels: [],
  templateLabels: [],
  commonAnnotations: [],
  varReference: [],
  nameReference: [],
  images: [],
  replicas: [],
};

const FIELD_SPEC_KEYS = new Set(["group", "version", "kind", "path", "create"]);

/**
 * Returns the field spec list in `raw` (a `fieldSpecs:` value), checked as kustomize
 * reads it: each item a map of group, version, kind, path and create; other keys are
 * errors unless `lenient` (plugin configs, which kustomize reads without strictness).
 * `what` names the list in errors.
 */
export function parseFieldSpecs(raw: JsonValue | undefined, what: string, file: string, lenient = false): FieldSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new RenderError({ file, message: `${what} in "${file}" must be a list of field specs (path, and optionally group, version, kind, create)` });
  return raw.map((entry) => {
    const item = isJsonObject(entry) ? withGoJsonFields(entry, FIELD_SPEC_KEYS) : entry;
    if (!isJsonObject(item)) throw new RenderError({ file, message: `an item of ${what} in "${file}" is not a map; give path, and optionally group, version, kind and create` });
    for (const key of Object.keys(item)) {
      if (!FIELD_SPEC_KEYS.has(key) && !lenient) throw new RenderError({ file, message: `an item of ${what} in "${file}" has an unknown field "${key}"; field specs have group, version, kind, path and create` });
    }
    const text = (key: string): string | undefined => {
      const v = item[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== "string") throw new RenderError({ file, message: `${key} of an item of ${what} in "${file}" must be a string` });
      return v;
    };
    if (item.create !== undefined && item.create !== null && typeof item.create !== "boolean") throw new RenderError({ file, message: `create of an item of ${what} in "${file}" must be true or false` });
    const spec: FieldSpec = { path: text("path") ?? "", group: text("group"), version: text("version"), kind: text("kind"), create: item.create === true };
    return spec;
  });
}

const CONFIG_KEYS: ReadonlySet<string> = new Set([...SPEC_LISTS, "nameReference"]);
const BACK_REFERENCE_KEYS: ReadonlySet<string> = new Set(["group", "version", "kind", "fieldSpecs"]);

/**
 * Returns the transformer configuration a `configurations:` file holds (its first
 * document, as kustomize reads it). Unknown fields are errors, as in kustomize.
 */
export function parseTransformerConfig(raw: JsonValue, file: string): TransformerConfig {
  if (raw === null) return EMPTY_TRANSFORMER_CONFIG;
  if (!isJsonObject(raw)) throw new RenderError({ file, message: `the transformer configuration "${file}" is not a map; give lists such as nameReference, namespace, varReference or commonLabels` });
  raw = withGoJsonFields(raw, CONFIG_KEYS);
  for (const key of Object.keys(raw)) {
    if (!CONFIG_KEYS.has(key)) throw new RenderError({ file, message: `the transformer configuration "${file}" has an unknown field "${key}"; use ${[...CONFIG_KEYS].join(", ")}` });
  }
  const lists = Object.fromEntries(SPEC_LISTS.map((key) => [key, parseFieldSpecs(raw[key], key, file)])) as Record<(typeof SPEC_LISTS)[number], FieldSpec[]>;
  const nameReference = raw.nameReference ?? null;
  if (nameReference !== null && !Array.isArray(nameReference)) throw new RenderError({ file, message: `nameReference in "${file}" must be a list of kinds with their fieldSpecs` });
  const backRefs = (nameReference ?? []).map((entry): NameBackReference => {
    const item = isJsonObject(entry) ? withGoJsonFields(entry, BACK_REFERENCE_KEYS) : entry;
    if (!isJsonObject(item)) throw new RenderError({ file, message: `an item of nameReference in "${file}" is not a map; give kind and fieldSpecs` });
    for (const key of Object.keys(item)) {
      if (!BACK_REFERENCE_KEYS.has(key)) throw new RenderError({ file, message: `an item of nameReference in "${file}" has an unknown field "${key}"; give group, version, kind and fieldSpecs` });
    }
    const [target] = parseFieldSpecs([{ ...Object.fromEntries(Object.entries(item).filter(([k]) => k === "group" || k === "version" || k === "kind")), path: "" }], "nameReference", file);
    return { group: target?.group, version: target?.version, kind: target?.kind ?? "", referrers: parseFieldSpecs(item.fieldSpecs, "nameReference fieldSpecs", file) };
  });
  return { ...lists, nameReference: backRefs };
}

function sameGvk(a: Omit<FieldSpec, "path">, b: Omit<FieldSpec, "path">): boolean {
  return (a.group ?? "") === (b.group ?? "") && (a.version ?? "") === (b.version ?? "") && (a.kind ?? "") === (b.kind ?? "");
}

/**
 * Returns `base` with the specs of `extra` appended, skipping those it already has (same
 * group, version, kind and path), as kustomize's FsSlice.MergeAll does; the same field
 * with a different `create` is kustomize's "conflicting fieldspecs" error.
 */
export function mergeFieldSpecs(base: readonly FieldSpec[], extra: readonly FieldSpec[], file: string): FieldSpec[] {
  const out = [...base];
  for (const spec of extra) {
    const same = out.find((s) => s.path === spec.path && sameGvk(s, spec));
    if (same === undefined) out.push(spec);
    else if ((same.create === true) !== (spec.create === true)) {
      throw new RenderError({ file, message: `the field spec "${spec.path}"${spec.kind ? ` for ${spec.kind}` : ""} in "${file}" conflicts with another that ${same.create === true ? "creates" : "does not create"} the field; use the same create value` });
    }
  }
  return out;
}

/** Returns the two configurations merged as kustomize's TransformerConfig.Merge does. */
export function mergeTransformerConfigs(base: TransformerConfig, extra: TransformerConfig, file: string): TransformerConfig {
  if (extra === EMPTY_TRANSFORMER_CONFIG) return base;
  const lists = Object.fromEntries(SPEC_LISTS.map((key) => [key, mergeFieldSpecs(base[key], extra[key], file)])) as Record<(typeof SPEC_LISTS)[number], FieldSpec[]>;
  const nameReference = [...base.nameReference];
  for (const ref of extra.nameReference) {
    const at = nameReference.findIndex((r) => sameGvk(r, ref));
    if (at < 0) nameReference.push(ref);
    else {
      const existing = nameReference[at] as NameBackReference;
      nameReference[at] = { ...existing, referrers: mergeFieldSpecs(existing.referrers, ref.referrers, file) };
    }
  }
  return { ...lists, nameReference };
}
