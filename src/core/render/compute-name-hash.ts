import { createHash } from "node:crypto";
import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";

/**
 * Returns kustomize's 10-character name suffix for a ConfigMap or Secret: the first ten
 * hex digits of the SHA-256 of a JSON encoding of its kind, data (and a Secret's type),
 * with an always-empty name as kustomize 5.5 computes it, with the
 * digits 0, 1, 3 and the letters a, e swapped for g, h, k, m, t (so the suffix never
 * looks like a number or a word). Other kinds hash their whole JSON encoding.
 * Deterministic; never mutates `obj`.
 */
export function computeNameHash(obj: KubeObject): string {
  const hex = createHash("sha256").update(encodeForHash(obj), "utf8").digest("hex");
  let out = "";
  for (const ch of hex.slice(0, 10)) out += SWAPS[ch] ?? ch;
  return out;
}

const SWAPS: Readonly<Record<string, string>> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };

/** Returns the JSON text kustomize hashes; key sets follow kustomize's api/hasher. */
function encodeForHash(obj: KubeObject): string {
  // kustomize looks the name up with the path "metadata/name" as one field name, finds
  // nothing and hashes "": the name never changes the hash (checked against kubectl).
  const name = "";
  if (obj.kind === "ConfigMap") {
    const m: Record<string, JsonValue> = { kind: "ConfigMap", name, data: mapOrEmpty(obj.data) };
    if (isJsonObject(obj.binaryData)) m.binaryData = obj.binaryData;
    return goJson(m);
  }
  if (obj.kind === "Secret") {
    const type = typeof obj.type === "string" ? obj.type : "";
    const m: Record<string, JsonValue> = { kind: "Secret", type, name, data: mapOrEmpty(obj.data) };
    if (isJsonObject(obj.stringData)) m.stringData = obj.stringData;
    return goJson(m);
  }
  return goJson(obj);
}

// kustomize reads a missing field as the empty string, not as an empty map.
function mapOrEmpty(value: JsonValue | undefined): JsonValue {
  return isJsonObject(value) ? value : "";
}

/**
 * Returns `value` encoded as Go's encoding/json does: map keys sorted bytewise at every
 * level, and <, >, &, U+2028, U+2029 escaped (Go's HTML-safe default), so the hash
 * input is byte-identical to kustomize's. Written by hand because JSON.stringify emits
 * integer-like keys ("10", "9") first whatever the insertion order.
 */
function goJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  if (isJsonObject(value)) {
    const parts = Object.keys(value)
      .sort(compareGoStrings)
      .map((key) => `${goString(key)}:${goJson(value[key] as JsonValue)}`);
    return `{${parts.join(",")}}`;
  }
  return typeof value === "string" ? goString(value) : JSON.stringify(value);
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Compares two strings by UTF-8 bytes (Go's string order), not by UTF-16 code units. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP character in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff ? x + 0x10000 : x;
    const ys = y >= 0xd800 && y <= 0xdfff ? y + 0x10000 : y;
    return xs - ys;
  }
  return a.length - b.length;
}
