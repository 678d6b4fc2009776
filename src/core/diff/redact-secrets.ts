import { isJsonObject, type JsonValue, type KubeObject } from "../manifest/kube-object.ts";
import type { SecretFieldChange } from "./manifest-diff.ts";
import { canonicalJson } from "./canonical-json.ts";
import { GENERATED_NAME } from "./pair-renames.ts";

/** What a secret value is replaced with. */
export const REDACTED = "<redacted>";
/** What a secret value is replaced with on the after side when it differs from the before side. */
export const REDACTED_CHANGED = "<redacted, changed>";
/** What the hash suffix of a generated Secret's name is replaced with. */
export const REDACTED_HASH = "<hash>";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
// SOPS encrypts each value as ENC[AES256_GCM,data:…,iv:…,tag:…,type:…], possibly inside a
// larger string (dotenv or INI files encrypted as a whole are still one value per line).
const SOPS_VALUE = /ENC\[[A-Za-z0-9_]+,data:/;

type Path = readonly (string | number)[];

/**
 * Returns both sides of one resource with every secret value masked, and which masked
 * fields were added, changed or removed. Masked: Secret `data`/`stringData` (any group,
 * so a look-alike kind cannot smuggle values out), SealedSecret `spec.encryptedData` and
 * `spec.template.data`, SOPS `ENC[...]` values anywhere, any `sops:` metadata block and
 * the last-applied-configuration annotation (which would repeat the whole object).
 *
 * Values are compared here and then discarded: the masks carry one bit ("changed") and
 * nothing derived from a value — no length, no hash. Never mutates its arguments.
 */
export function redactSecretPair(pair: { before?: KubeObject; after?: KubeObject }): { before?: KubeObject; after?: KubeObject; fields: SecretFieldChange[] } {
  const beforeLocations = pair.before ? secretLocations(pair.before) : new Map<string, Path>();
  const afterLocations = pair.after ? secretLocations(pair.after) : new Map<string, Path>();
  const fields: SecretFieldChange[] = [];
  const changed = new Set<string>();
  for (const pointer of new Set([...beforeLocations.keys(), ...afterLocations.keys()])) {
    const b = beforeLocations.get(pointer);
    const a = afterLocations.get(pointer);
    if (b && !a) fields.push({ path: pointer, change: "removed" });
    else if (a && !b) fields.push({ path: pointer, change: "added" });
    else if (a && b && canonicalJson(valueAt(pair.before, b)) !== canonicalJson(valueAt(pair.after, a))) {
      fields.push({ path: pointer, change: "changed" });
      changed.add(pointer);
    }
  }
  fields.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const result: { before?: KubeObject; after?: KubeObject; fields: SecretFieldChange[] } = { fields };
  if (pair.before) result.before = beforeLocations.size === 0 ? pair.before : maskAt(pair.before, beforeLocations, new Set());
  if (pair.after) result.after = afterLocations.size === 0 ? pair.after : maskAt(pair.after, afterLocations, changed);
  // A side alone (added or removed resource) reports nothing field by field.
  if (!pair.before || !pair.after) result.fields = [];
  return result;
}

/** Returns the objects with every secret value masked (one side only; see redactSecretPair). */
export function redactSecrets(objects: readonly KubeObject[]): KubeObject[] {
  return maskGeneratedSecretNames(objects).map((obj) => redactSecretPair({ after: obj }).after as KubeObject);
}

/**
 * Returns the objects with the hash suffix of generated Secrets' names masked, in the
 * Secrets and wherever the full name is referenced. Kustomize derives that suffix from
 * the Secret's content, so showing it would show something derived from the values; a
 * changed generated Secret then appears as one changed resource under its masked name.
 */
export function maskGeneratedSecretNames(objects: readonly KubeObject[]): KubeObject[] {
  const byBase = new Map<string, string[]>();
  for (const obj of objects) {
    const name = obj.metadata.name;
    const match = name === undefined ? null : GENERATED_NAME.exec(name);
    if (isSecretKind(obj) && name !== undefined && match) byBase.set(match[1] ?? "", [...(byBase.get(match[1] ?? "") ?? []), name]);
  }
  if (byBase.size === 0) return [...objects];
  // Two hash-named Secrets with one base must stay two resources, so they are numbered.
  const masked = new Map<string, string>();
  for (const [base, names] of byBase) {
    const unique = [...new Set(names)].sort();
    unique.forEach((name, i) => masked.set(name, unique.length === 1 ? `${base}-${REDACTED_HASH}` : `${base}-<hash-${i + 1}>`));
  }
  const replace = (value: JsonValue): JsonValue => {
    if (typeof value === "string") return masked.get(value) ?? value;
    if (Array.isArray(value)) return value.map(replace);
    if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return objects.map((obj) => replace(obj) as KubeObject);
}

function isSecretKind(obj: KubeObject): boolean {
  return typeof obj.kind === "string" && obj.kind.toLowerCase() === "secret";
}

// Returns pointer → path of every value to mask; a masked subtree is never entered again.
function secretLocations(obj: KubeObject): Map<string, Path> {
  const out = new Map<string, Path>();
  const add = (path: Path): void => void out.set(toPointer(path), path);
  const addFields = (path: Path): void => {
    const value = valueAt(obj, path);
    if (value === undefined) return;
    if (isJsonObject(value)) for (const key of Object.keys(value)) add([...path, key]);
    else add(path);
  };
  if (isSecretKind(obj)) {
    addFields(["data"]);
    addFields(["stringData"]);
  }
  if (obj.kind === "SealedSecret") {
    addFields(["spec", "encryptedData"]);
    addFields(["spec", "template", "data"]);
  }
  if (isJsonObject(obj.metadata.annotations) && LAST_APPLIED in obj.metadata.annotations) add(["metadata", "annotations", LAST_APPLIED]);

  // The pointer is built along the walk: this runs over every field of every object.
  const walk = (value: JsonValue, path: Path, pointer: string): void => {
    if (out.size > 0 && out.has(pointer)) return;
    if (typeof value === "string") {
      if (value.includes("ENC[") && SOPS_VALUE.test(value)) add(path);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], `${pointer}/${i}`));
    else if (isJsonObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "object" && typeof v !== "string") continue;
        if (k === "sops" && (isJsonObject(v) || Array.isArray(v))) add([...path, k]);
        else walk(v, [...path, k], `${pointer}/${escapePointer(k)}`);
      }
    }
  };
  walk(obj, [], "");
  return out;
}

function maskAt(obj: KubeObject, locations: ReadonlyMap<string, Path>, changed: ReadonlySet<string>): KubeObject {
  const copy = structuredClone(obj);
  for (const [pointer, path] of locations) {
    let parent: JsonValue = copy;
    for (const part of path.slice(0, -1)) parent = (parent as Record<string | number, JsonValue>)[part] as JsonValue;
    const last = path[path.length - 1];
    if (last !== undefined) (parent as Record<string | number, JsonValue>)[last] = changed.has(pointer) ? REDACTED_CHANGED : REDACTED;
  }
  return copy;
}

function valueAt(root: JsonValue | undefined, path: Path): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === "number") node = node[part];
    else if (isJsonObject(node) && typeof part === "string") node = node[part];
    else return undefined;
  }
  return node;
}

function toPointer(path: Path): string {
  return path.map((p) => `/${escapePointer(String(p))}`).join("");
}

function escapePointer(segment: string): string {
  if (!segment.includes("~") && !segment.includes("/")) return segment;
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
