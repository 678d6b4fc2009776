import { isJsonObject, type JsonValue } from "../manifest/kube-object.ts";
import type { FieldType, ObjectType } from "./builtin-schemas.ts";

/** One schema problem: where (a dotted path) and what. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Returns the problems of `value` against `type`: unknown fields (in closed objects),
 * wrong types and missing required fields, at most `max` of them. Messages name
 * fields and expected types, never values.
 */
export function validateSchema(value: JsonValue, type: ObjectType, max = 20): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  check(value, type, "", out, max);
  return out;
}

function check(value: JsonValue, type: FieldType, path: string, out: SchemaProblem[], max: number): void {
  if (out.length >= max) return;
  const add = (message: string) => void (out.length < max && out.push({ path: path || "(root)", message }));
  // Kubernetes treats an explicit null like an absent field.
  if (value === null) return;
  if (typeof type === "string") {
    switch (type) {
      case "any":
        return;
      case "string":
        if (typeof value !== "string") add(`must be a string, not ${describe(value)}; quote it`);
        return;
      case "integer":
        if (typeof value !== "number" || !Number.isInteger(value)) add(`must be an integer, not ${describe(value)}`);
        return;
      case "boolean":
        if (typeof value !== "boolean") add(`must be true or false, not ${describe(value)}`);
        return;
      case "int-or-string":
        if (typeof value !== "string" && !(typeof value === "number" && Number.isInteger(value))) add(`must be an integer or a string, not ${describe(value)}`);
        return;
      case "quantity":
        if (typeof value !== "string" && typeof value !== "number") add(`must be a quantity such as "500m" or "1Gi", not ${describe(value)}`);
        return;
      case "string-map":
      case "quantity-map":
        if (!isJsonObject(value)) return add(`must be a map, not ${describe(value)}`);
        for (const [k, v] of Object.entries(value)) check(v, type === "string-map" ? "string" : "quantity", `${path}.${k}`, out, max);
        return;
    }
  }
  if ("array" in type) {
    if (!Array.isArray(value)) return add(`must be a list, not ${describe(value)}`);
    value.forEach((item, i) => check(item, type.array, `${path}[${i}]`, out, max));
    return;
  }
  if (!isJsonObject(value)) return add(`must be an object, not ${describe(value)}`);
  const fields = new Map(Object.entries(type.fields).map(([k, t]) => [k.endsWith("!") ? k.slice(0, -1) : k, { type: t, required: k.endsWith("!") }]));
  for (const [name, field] of fields) {
    if (field.required && (value[name] === undefined || value[name] === null)) add(`missing required field "${name}"`);
  }
  for (const [name, v] of Object.entries(value)) {
    const field = fields.get(name);
    const at = path === "" ? name : `${path}.${name}`;
    if (field) check(v, field.type, at, out, max);
    else if (!type.open && out.length < max) out.push({ path: path || "(root)", message: `unknown field "${name}"` });
  }
}

function describe(value: JsonValue): string {
  if (Array.isArray(value)) return "a list";
  if (isJsonObject(value)) return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return typeof value === "boolean" ? "a boolean" : "null";
}
