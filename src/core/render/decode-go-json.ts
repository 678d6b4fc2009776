import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";

/**
 * The Go type a field decodes into, as far as encoding/json's checks go: `any` is an
 * interface{} (or a value another reader checks later), a struct lists its fields by
 * their JSON names (embedded structs flattened, as encoding/json flattens them).
 */
export type GoType =
  | "string"
  | "bool"
  | "int"
  | "any"
  | { readonly list: GoType }
  | { readonly map: GoType }
  | { readonly struct: Readonly<Record<string, GoType>>; readonly name: string };

/** Returns `name` case-folded as encoding/json compares field names (ASCII case, the long s and the Kelvin sign). */
function fold(name: string): string {
  return name.toLowerCase().replaceAll("ſ", "s").replaceAll("\u212a", "k");
}

function describe(value: JsonValue): string {
  if (Array.isArray(value)) return "a list";
  if (isJsonObject(value)) return "a map";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return `the boolean ${String(value)}`;
  return `the number ${String(value)}`;
}

function typeName(type: GoType): string {
  if (typeof type === "string") return type === "int" ? "an integer" : type === "bool" ? "true or false" : "a string";
  if ("list" in type) return "a list";
  return "a map";
}

interface Where {
  readonly file: string;
  readonly path: string;
}

function mismatch(value: JsonValue, type: GoType, where: Where): RenderError {
  const hint = type === "string" ? "; quote it (YAML reads yes, no, on, off, y, n and numbers as other types here)" : "";
  return new RenderError({ file: where.file, message: `"${where.path}" in "${where.file}" must be ${typeName(type)}, not ${describe(value)}${hint}` });
}

/**
 * Returns `value` decoded into `type` as kustomize's strict decoder (sigs.k8s.io/yaml
 * over encoding/json with unknown fields disallowed) decodes it, with every struct field
 * renamed to its JSON name: field names match regardless of case, keys are taken in
 * sorted order (the YAML→JSON step goes through a Go map) so a later one overwrites or,
 * for maps and structs, merges into an earlier one; `null` clears a field; a value of
 * the wrong type or an unknown field is an error naming the path and the file.
 */
export function decodeGoJson(value: JsonValue, type: GoType, where: Where): JsonValue {
  if (value === null || type === "any") return value;
  if (type === "string") {
    if (typeof value !== "string") throw mismatch(value, type, where);
    return value;
  }
  if (type === "bool") {
    if (typeof value !== "boolean") throw mismatch(value, type, where);
    return value;
  }
  if (type === "int") {
    if (typeof value !== "number" || !Number.isInteger(value)) throw mismatch(value, type, where);
    return value;
  }
  if ("list" in type) {
    if (!Array.isArray(value)) throw mismatch(value, type, where);
    return value.map((item, i) => decodeGoJson(item, type.list, { ...where, path: `${where.path}[${i}]` }));
  }
  if (!isJsonObject(value)) throw mismatch(value, type, where);
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: JsonObject = {};
  if ("map" in type) {
    for (const key of keys) out[key] = decodeGoJson(value[key] as JsonValue, type.map, { ...where, path: `${where.path}.${key}` });
    return out;
  }
  const fields = Object.keys(type.struct);
  const folded = new Map(fields.map((f) => [fold(f), f]));
  for (const key of keys) {
    const field = fields.includes(key) ? key : folded.get(fold(key));
    const path = where.path === "" ? key : `${where.path}.${key}`;
    if (field === undefined) {
      throw new RenderError({ file: where.file, message: `"${where.file}" has an unknown field "${path}" (in ${type.name}); fix its spelling or remove it (kustomize rejects it too)` });
    }
    const decoded = decodeGoJson(value[key] as JsonValue, type.struct[field] as GoType, { ...where, path });
    const earlier = out[field];
    // encoding/json decodes into the value already there: maps and structs gain keys.
    out[field] = earlier !== undefined && type.struct[field] !== "any" ? mergeInto(earlier, decoded) : decoded;
  }
  return out;
}

/** Returns `next` decoded over `earlier` as encoding/json decodes into a value already set: maps merge key by key, everything else is replaced. */
function mergeInto(earlier: JsonValue, next: JsonValue): JsonValue {
  if (!isJsonObject(earlier) || !isJsonObject(next)) return next;
  const out: JsonObject = { ...earlier };
  for (const [key, value] of Object.entries(next)) out[key] = key in out ? mergeInto(out[key] as JsonValue, value) : value;
  return out;
}
