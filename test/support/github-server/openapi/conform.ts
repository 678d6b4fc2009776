/**
 * Completes a response the fake built by hand with every field GitHub's schema
 * requires but the fake does not model (most of the ~80 URL fields of a repository,
 * for example). The fake sets what Ferry reads; this fills the rest with plain
 * placeholders of the right type, so shapes follow GitHub's description instead of
 * drifting from it. Values the fake set are never changed.
 */
import type { ApiDescription, Json } from "./spec.ts";

const FILLER_DATE = "2024-01-01T00:00:00Z";

/** Returns `value` completed with placeholders for required fields missing from it. */
export function conformToSchema(api: ApiDescription, pointer: string, value: unknown): unknown {
  return conform(api, api.at(pointer.slice(1)), value, 0);
}

function conform(api: ApiDescription, raw: Json, value: unknown, depth: number): unknown {
  if (depth > 40) return value;
  const schema = flatten(api, raw);
  if (value === undefined) return placeholder(api, schema, depth);
  if (value === null) return value;
  const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (branches !== undefined) return conform(api, pickBranch(api, branches, value), value, depth + 1);
  if (Array.isArray(value)) {
    const items = schema.items as Json | undefined;
    return items === undefined ? value : value.map((v: unknown) => conform(api, items, v, depth + 1));
  }
  if (typeof value !== "object") return value;
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, v] of Object.entries(out)) {
    const prop = props[key];
    if (prop !== undefined && v !== undefined) out[key] = conform(api, prop, v, depth + 1);
  }
  for (const key of (schema.required ?? []) as string[]) {
    if (out[key] === undefined && props[key] !== undefined) out[key] = conform(api, props[key], undefined, depth + 1);
  }
  return out;
}

// Merges allOf parts and resolves $refs so the rest of the walk sees one plain schema.
function flatten(api: ApiDescription, raw: Json): Json {
  const schema = api.resolve(raw);
  const parts = schema.allOf as Json[] | undefined;
  if (parts === undefined) return schema;
  const merged: Json = { ...schema, allOf: undefined, properties: { ...((schema.properties ?? {}) as Json) }, required: [...((schema.required ?? []) as string[])] };
  for (const part of parts) {
    const p = flatten(api, part);
    Object.assign(merged.properties as Json, p.properties ?? {});
    (merged.required as string[]).push(...((p.required ?? []) as string[]));
    if (p.type !== undefined) merged.type = p.type;
    if (p.nullable === true) merged.nullable = true;
  }
  return merged;
}

function pickBranch(api: ApiDescription, branches: Json[], value: unknown): Json {
  let best = branches[0] ?? {};
  let bestScore = -Infinity;
  for (const b of branches) {
    const score = matchScore(api, b, value, 0);
    if (score > bestScore) [best, bestScore] = [b, score];
  }
  return best;
}

// How well a value fits a schema branch: the type, then how many of its keys the branch declares.
function matchScore(api: ApiDescription, raw: Json, value: unknown, depth: number): number {
  const s = flatten(api, raw);
  const branches = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (branches !== undefined && depth < 5) return Math.max(...branches.map((b) => matchScore(api, b, value, depth + 1)));
  if (s.type === "null") return value === null ? 1 : -1;
  let score = s.type === undefined || typeOf(value) === s.type || (s.type === "number" && typeof value === "number") ? 1 : -1;
  if (typeof value === "object" && value !== null && s.properties !== undefined) {
    const props = s.properties as Json;
    for (const key of Object.keys(value)) if (props[key] !== undefined) score++;
  }
  return score;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function placeholder(api: ApiDescription, schema: Json, depth: number): unknown {
  if (schema.nullable === true) return null;
  const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (branches?.[0] !== undefined) return conform(api, branches[0], undefined, depth + 1);
  const enumValues = schema.enum as unknown[] | undefined;
  if (enumValues?.[0] !== undefined) return enumValues[0];
  switch (schema.type) {
    case "string":
      return stringPlaceholder(schema);
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
    case undefined:
      return schema.properties === undefined && schema.type === undefined ? {} : conform(api, schema, {}, depth + 1);
    default:
      return null;
  }
}

function stringPlaceholder(schema: Json): string {
  switch (schema.format) {
    case "date-time":
      return FILLER_DATE;
    case "uri":
    case "url":
      return "https://github.invalid/";
    case "email":
      return "noreply@github.invalid";
    case "uuid":
      return "00000000-0000-0000-0000-000000000000";
    default:
      return "";
  }
}
