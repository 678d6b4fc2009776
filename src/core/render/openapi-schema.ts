import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import type { MergeSchema } from "./merge-schema.ts";

/**
 * A kustomization's `openapi: { path: schema.json }`: an OpenAPI v2 document whose
 * `definitions` carry `x-kubernetes-group-version-kind`. kustomize then uses it instead
 * of its built-in Kubernetes schema for strategic merge patches, for the whole build:
 * lists with `x-kubernetes-patch-strategy: merge` merge by `x-kubernetes-list-map-keys`
 * or `x-kubernetes-patch-merge-key` (no key: a merged list of scalars), every other
 * list is replaced, and kinds the document does not describe (built-in ones included)
 * replace every list.
 */

/** Merge schemas by "apiVersion/kind" (apiVersion "group/version", or "version" for the core group). */
export type MergeSchemas = ReadonlyMap<string, MergeSchema>;

const MAX_DEPTH = 64;

function bad(file: string, what: string): RenderError {
  return new RenderError({ file, message: `the OpenAPI schema "${file}" cannot be used: ${what}; give an OpenAPI v2 document with definitions (as \`kubectl get --raw /openapi/v2\` prints it)` });
}

function resolveRef(defs: JsonObject, schema: JsonObject, file: string): JsonObject {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const prefix = "#/definitions/";
  if (!ref.startsWith(prefix)) throw bad(file, `the $ref "${ref}" does not point into #/definitions (Ferry reads no other file or URL)`);
  const target = defs[ref.slice(prefix.length)];
  return isJsonObject(target) ? target : {};
}

function listKeys(schema: JsonObject): readonly string[] | undefined {
  const strategy = schema["x-kubernetes-patch-strategy"];
  if (typeof strategy !== "string" || !strategy.split(",").includes("merge")) return undefined;
  const mapKeys = schema["x-kubernetes-list-map-keys"];
  if (Array.isArray(mapKeys) && mapKeys.every((k) => typeof k === "string") && mapKeys.length > 0) return mapKeys as string[];
  const key = schema["x-kubernetes-patch-merge-key"];
  return typeof key === "string" && key !== "" ? [key] : [];
}

function nodeOf(defs: JsonObject, raw: JsonValue | undefined, file: string, depth: number, seen: ReadonlySet<string>): MergeSchema {
  if (!isJsonObject(raw) || depth > MAX_DEPTH) return { lists: {}, fields: {} };
  const ref = typeof raw.$ref === "string" ? raw.$ref : undefined;
  // A recursive type (JSONSchemaProps) ends where it repeats: no real patch goes that deep.
  if (ref !== undefined && seen.has(ref)) return { lists: {}, fields: {} };
  const nextSeen = ref === undefined ? seen : new Set([...seen, ref]);
  const schema = resolveRef(defs, raw, file);
  const lists: Record<string, readonly string[]> = {};
  const fields: Record<string, MergeSchema> = {};
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  for (const [name, propRaw] of Object.entries(properties)) {
    if (!isJsonObject(propRaw)) continue;
    const prop = resolveRef(defs, propRaw, file);
    const keys = listKeys(prop) ?? listKeys(propRaw);
    if (keys !== undefined) lists[name] = keys;
    const child = nodeOf(defs, propRaw, file, depth + 1, nextSeen);
    const items = prop.items ?? propRaw.items;
    const node = isJsonObject(items) ? { ...child, items: nodeOf(defs, items, file, depth + 1, nextSeen) } : child;
    if (Object.keys(node.lists).length > 0 || Object.keys(node.fields).length > 0 || node.items !== undefined) fields[name] = node;
  }
  return { lists, fields };
}

/** Returns the merge schemas of every kind the OpenAPI document `raw` (read from `file`) describes. */
export function parseOpenApiSchema(raw: JsonValue, file: string): MergeSchemas {
  if (!isJsonObject(raw)) throw bad(file, "it is not a map");
  const defs = raw.definitions;
  if (!isJsonObject(defs)) throw bad(file, "it has no definitions map");
  const out = new Map<string, MergeSchema>();
  for (const [name, def] of Object.entries(defs)) {
    if (!isJsonObject(def)) continue;
    const gvks = def["x-kubernetes-group-version-kind"];
    if (!Array.isArray(gvks)) continue;
    const schema = nodeOf(defs, def, file, 0, new Set([`#/definitions/${name}`]));
    for (const gvk of gvks) {
      if (!isJsonObject(gvk) || typeof gvk.kind !== "string" || typeof gvk.version !== "string") continue;
      const group = typeof gvk.group === "string" ? gvk.group : "";
      out.set(`${group === "" ? gvk.version : `${group}/${gvk.version}`}/${gvk.kind}`, schema);
    }
  }
  return out;
}
