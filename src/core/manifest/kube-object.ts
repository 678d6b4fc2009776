/** A JSON value as it appears in a Kubernetes manifest. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * A Kubernetes object as parsed from YAML: plain JSON data. `apiVersion`, `kind` and
 * `metadata.name` are checked by the parser; everything else is free-form.
 */
export interface KubeObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** Returns true when the value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
