import { resourceKey, type ResourceKey } from "../manifest/resource-key.ts";
import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { redactSecretPair } from "../diff/redact-secrets.ts";
import { isLiveSubset } from "./is-live-subset.ts";
import { normalizeQuantity } from "./normalize-quantity.ts";

/** Fields a drift rule ignores for matching objects (from `drift.ignore` in the settings). */
export interface DriftIgnoreRule {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly pointers: readonly string[];
}

/** One field that differs: where, and the live and desired values (secrets masked). */
export interface DriftField {
  readonly path: string;
  readonly live: JsonValue | undefined;
  readonly desired: JsonValue | undefined;
}

/** What is live that git does not say, per object. */
export type DriftItem =
  | { readonly type: "modified"; readonly key: ResourceKey; readonly fields: readonly DriftField[] }
  | { readonly type: "missing"; readonly key: ResourceKey }
  | { readonly type: "orphaned"; readonly key: ResourceKey }
  /** Live with the environment's labels, neither in git nor applied by Ferry: made by hand. */
  | { readonly type: "extra"; readonly key: ResourceKey }
  /** The server refused the dry-run, so whether the object drifted is unknown. */
  | { readonly type: "unknown"; readonly key: ResourceKey; readonly message: string };

/**
 * Returns the paths where `predicted` (the object after a server-side apply dry-run of
 * git's version) differs from `live`, both normalized the same way: server-owned
 * metadata, status and the last-applied annotation dropped, quantities compared by
 * value, ignored pointers removed, Secret values masked before comparing.
 * Pure and deterministic; never mutates its arguments.
 */
export function diffLiveObject(params: { predicted: KubeObject; live: KubeObject; ignore: readonly DriftIgnoreRule[] }): DriftField[] {
  const pointers = ignoredPointers(params.live, params.ignore);
  const [predicted, live] = [normalizeLive(params.predicted, pointers), normalizeLive(params.live, pointers)];
  // Masked as a pair, so a changed secret value still shows as changed, never its value.
  const masked = redactSecretPair({ before: live as KubeObject, after: predicted as KubeObject });
  const fields: DriftField[] = [];
  collect("", masked.before, masked.after, fields);
  return fields;
}

/** Returns true when the live object already has every field git sets (no request needed). */
export function isInSync(params: { desired: KubeObject; live: KubeObject; ignore: readonly DriftIgnoreRule[] }): boolean {
  const pointers = ignoredPointers(params.live, params.ignore);
  return isLiveSubset(removePointers(params.desired, pointers), params.live);
}

/** Returns the orphaned keys: in Ferry's inventory and live, but no longer rendered from git. */
export function findOrphans(params: { inventory: readonly ResourceKey[]; desired: readonly KubeObject[]; live: ReadonlySet<ResourceKey> }): DriftItem[] {
  const desired = new Set(params.desired.map((o) => resourceKey(o)));
  return [...new Set(params.inventory)].filter((k) => !desired.has(k) && params.live.has(k)).sort().map((key) => ({ type: "orphaned", key }));
}

const SERVER_METADATA = ["managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences"];
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

function normalizeLive(obj: KubeObject, pointers: readonly string[]): JsonObject {
  const copy = structuredClone(obj) as JsonObject;
  delete copy.status;
  const metadata = copy.metadata as JsonObject;
  for (const key of SERVER_METADATA) delete metadata[key];
  const annotations = metadata.annotations as JsonObject | undefined;
  if (annotations) {
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  return removePointers(copy, pointers);
}

function ignoredPointers(obj: KubeObject, rules: readonly DriftIgnoreRule[]): string[] {
  const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0] : "";
  const m = obj.metadata;
  return rules
    .filter((r) => (r.group === undefined || r.group === group) && (r.kind === undefined || r.kind === obj.kind) && (r.namespace === undefined || r.namespace === (m.namespace ?? "")) && (r.name === undefined || r.name === m.name))
    .flatMap((r) => r.pointers);
}

function removePointers<T extends JsonObject>(obj: T, pointers: readonly string[]): T {
  if (pointers.length === 0) return obj;
  const copy = structuredClone(obj);
  for (const pointer of pointers) {
    const parts = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    let node: JsonValue | undefined = copy;
    for (const part of parts.slice(0, -1)) node = node && typeof node === "object" ? (node as Record<string, JsonValue>)[part] : undefined;
    const last = parts[parts.length - 1];
    if (node && typeof node === "object" && last !== undefined) {
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete node[last];
    }
  }
  return copy;
}

function collect(path: string, live: JsonValue | undefined, desired: JsonValue | undefined, out: DriftField[]): void {
  if (live === desired) return;
  if (isObject(live) && isObject(desired)) {
    for (const key of [...new Set([...Object.keys(live), ...Object.keys(desired)])].sort()) {
      collect(`${path}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, live[key], desired[key], out);
    }
    return;
  }
  if (Array.isArray(live) && Array.isArray(desired) && live.length === desired.length) {
    live.forEach((item, i) => collect(`${path}/${i}`, item, desired[i], out));
    return;
  }
  const q = normalizeQuantity(live);
  if (q !== undefined && q === normalizeQuantity(desired)) return;
  if (JSON.stringify(live) === JSON.stringify(desired)) return;
  out.push({ path: path || "/", live, desired });
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
