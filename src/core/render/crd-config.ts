import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import type { FieldSpec } from "./field-spec.ts";
import { EMPTY_TRANSFORMER_CONFIG, mergeTransformerConfigs, type NameBackReference, type TransformerConfig } from "./transformer-config.ts";

/**
 * A `crds:` file is not a CustomResourceDefinition but a map of OpenAPI definitions
 * (Go type name → { Schema, Dependencies }), as kube-openapi generates them. kustomize
 * reads the properties of each type that looks like a Kubernetes object (it has kind,
 * apiVersion and metadata) and follows `$ref`s into other definitions of the file:
 *   x-kubernetes-annotation       the field takes commonAnnotations
 *   x-kubernetes-label-selector   the field takes commonLabels
 *   x-kubernetes-identity         the field takes namePrefix
 *   x-kubernetes-object-ref-api-version + x-kubernetes-object-ref-kind (+ -name-key, default "name")
 *                                 the field's name key refers to an object of that version and kind
 * The kind is the last dot-separated part of the type name; group and version stay open.
 */

const X_ANNOTATION = "x-kubernetes-annotation";
const X_LABEL_SELECTOR = "x-kubernetes-label-selector";
const X_IDENTITY = "x-kubernetes-identity";
const X_VERSION = "x-kubernetes-object-ref-api-version";
const X_KIND = "x-kubernetes-object-ref-kind";
const X_NAME_KEY = "x-kubernetes-object-ref-name-key";

interface Collected {
  commonAnnotations: FieldSpec[];
  commonLabels: FieldSpec[];
  namePrefix: FieldSpec[];
  nameReference: NameBackReference[];
}

/** Returns the field `name` of a Go struct decoded by encoding/json: the exact key, else one that differs in case. */
function field(raw: JsonObject, name: string): JsonValue | undefined {
  if (Object.hasOwn(raw, name)) return raw[name];
  const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : raw[key];
}

// go-openapi keeps an extension only under its exact lower-case name, and only a string counts.
function extension(schema: JsonObject, key: string): string | undefined {
  const v = schema[key];
  return typeof v === "string" ? v : undefined;
}

function propertiesOf(def: JsonValue | undefined, file: string, name: string): JsonObject {
  if (def === undefined || def === null) return {};
  if (!isJsonObject(def)) throw notDefinitions(file, `the definition "${name}" is not a map`);
  const schema = field(def, "Schema") ?? null;
  if (schema === null) return {};
  if (!isJsonObject(schema)) throw notDefinitions(file, `the Schema of "${name}" is not a map`);
  const properties = schema.properties ?? null;
  if (properties === null) return {};
  if (!isJsonObject(properties)) throw notDefinitions(file, `the properties of "${name}" are not a map`);
  return properties;
}

function notDefinitions(file: string, what: string): RenderError {
  return new RenderError({
    file,
    message: `the crds file "${file}" cannot be read: ${what}. kustomize expects OpenAPI definitions (a map of type names to { Schema: { properties } }), not CustomResourceDefinition objects; fix the file, or describe the custom kind's fields in a configurations file instead`,
  });
}

function collect(params: { defs: JsonObject; kind: string; typeName: string; path: readonly string[]; out: Collected; file: string; depth: number }): void {
  const { defs, kind, typeName, path, out, file, depth } = params;
  // A $ref cycle would recurse for ever in kustomize too; stop where no real schema goes.
  if (depth > 50) throw notDefinitions(file, `"${typeName}" refers to itself through $ref more than 50 levels deep`);
  if (!Object.hasOwn(defs, typeName)) return;
  const properties = propertiesOf(defs[typeName], file, typeName);
  for (const [prop, schema] of Object.entries(properties)) {
    if (!isJsonObject(schema)) continue;
    const fieldPath = [...path, prop];
    const spec = (p: readonly string[]): FieldSpec => ({ kind, path: p.join("/"), create: false });
    if (extension(schema, X_ANNOTATION) !== undefined) out.commonAnnotations.push(spec(fieldPath));
    if (extension(schema, X_LABEL_SELECTOR) !== undefined) out.commonLabels.push(spec(fieldPath));
    if (extension(schema, X_IDENTITY) !== undefined) out.namePrefix.push(spec(fieldPath));
    const version = extension(schema, X_VERSION);
    const refKind = extension(schema, X_KIND);
    if (version !== undefined && refKind !== undefined) {
      out.nameReference.push({ version, kind: refKind, referrers: [spec([...fieldPath, extension(schema, X_NAME_KEY) ?? "name"])] });
    }
    const ref = schema.$ref;
    if (typeof ref === "string" && ref !== "") collect({ ...params, typeName: ref, path: fieldPath, depth: depth + 1 });
  }
}

/**
 * Returns the transformer configuration the definitions in one `crds:` file give
 * (`raw` is the parsed file), in type-name order. Throws RenderError naming the file
 * when it is not a map of definitions.
 */
export function parseCrdDefinitions(raw: JsonValue, file: string): TransformerConfig {
  if (raw === null) throw notDefinitions(file, "it is empty");
  if (!isJsonObject(raw)) throw notDefinitions(file, "it is not a map");
  let config = EMPTY_TRANSFORMER_CONFIG;
  for (const name of Object.keys(raw).sort()) {
    const properties = propertiesOf(raw[name], file, name);
    if (!["kind", "apiVersion", "metadata"].every((k) => Object.hasOwn(properties, k))) continue;
    const out: Collected = { commonAnnotations: [], commonLabels: [], namePrefix: [], nameReference: [] };
    collect({ defs: raw, kind: name.split(".").at(-1) ?? name, typeName: name, path: [], out, file, depth: 0 });
    const nameReference: NameBackReference[] = [];
    // Several fields referring to the same kind are one back reference with several referrers.
    for (const ref of out.nameReference) {
      const same = nameReference.findIndex((r) => r.kind === ref.kind && r.version === ref.version);
      if (same < 0) nameReference.push(ref);
      else nameReference[same] = { ...(nameReference[same] as NameBackReference), referrers: [...(nameReference[same] as NameBackReference).referrers, ...ref.referrers] };
    }
    config = mergeTransformerConfigs(config, { ...EMPTY_TRANSFORMER_CONFIG, commonAnnotations: out.commonAnnotations, commonLabels: out.commonLabels, namePrefix: out.namePrefix, nameReference }, file);
  }
  return config;
}
