import { structuredPatch } from "diff";
import jsonPatch from "fast-json-patch";
import { parseResourceKey, resourceKey, type ResourceKey } from "../manifest/resource-key.ts";
import type { KubeObject } from "../manifest/kube-object.ts";
import type { ChangeType, ImageChange, ManifestDiff, ReplicaChange, PatchOperation, ResourceChange } from "./manifest-diff.ts";
import { maskGeneratedSecretNames, redactSecretPair } from "./redact-secrets.ts";
import { normalizeForDiff } from "./normalize-for-diff.ts";
import { pairRenames } from "./pair-renames.ts";
import { computeImageChanges, computeReplicaChange, RISKY_KINDS } from "./compute-highlights.ts";
import { buildHighlights } from "./build-highlights.ts";
import { manifestYaml } from "./manifest-yaml.ts";

/** Inputs of diffManifests. */
export interface DiffManifestsParams {
  readonly before: readonly KubeObject[];
  readonly after: readonly KubeObject[];
  /** Lines of context in each resource's unified diff (default 3). */
  readonly contextLines?: number;
}

/**
 * Returns how `after` differs from `before`, resource by resource. Resources match by
 * ResourceKey (no version); a generated ConfigMap whose hash suffix changed is one
 * "renamed" change. Secret values are masked before anything is compared (see
 * redactSecretPair), both sides are normalized the same way and compared semantically,
 * so key order and YAML style never make a change. Output is ordered by key, so the
 * same inputs in any order give identical results. Never mutates its arguments.
 *
 * @example
 * const diff = diffManifests({ before: parsedAtBase, after: parsedAtHead });
 * diff.counts.changed; // resources that differ
 */
export function diffManifests({ before, after, contextLines = 3 }: DiffManifestsParams): ManifestDiff {
  const beforeByKey = indexByKey(maskGeneratedSecretNames(before));
  const afterByKey = indexByKey(maskGeneratedSecretNames(after));
  const removed = [...beforeByKey.keys()].filter((k) => !afterByKey.has(k));
  const added = [...afterByKey.keys()].filter((k) => !beforeByKey.has(k));
  const renames = pairRenames(removed, added);
  const renamedFrom = new Set(renames.map(([from]) => from));
  const renamedTo = new Set(renames.map(([, to]) => to));

  const pairs: { type: ChangeType | "same"; beforeKey?: ResourceKey; afterKey?: ResourceKey }[] = [
    ...[...afterByKey.keys()].filter((k) => beforeByKey.has(k)).map((k) => ({ type: "same" as const, beforeKey: k, afterKey: k })),
    ...renames.map(([from, to]) => ({ type: "renamed" as const, beforeKey: from, afterKey: to })),
    ...removed.filter((k) => !renamedFrom.has(k)).map((k) => ({ type: "removed" as const, beforeKey: k })),
    ...added.filter((k) => !renamedTo.has(k)).map((k) => ({ type: "added" as const, afterKey: k })),
  ];

  const changes: ResourceChange[] = [];
  const unchanged: ResourceKey[] = [];
  const images: ImageChange[] = [];
  const replicas: ReplicaChange[] = [];
  for (const pair of pairs) {
    const redacted = redactSecretPair({ before: pair.beforeKey === undefined ? undefined : beforeByKey.get(pair.beforeKey), after: pair.afterKey === undefined ? undefined : afterByKey.get(pair.afterKey) });
    const b = redacted.before && normalizeForDiff(redacted.before);
    const a = redacted.after && normalizeForDiff(redacted.after);
    const key = (pair.afterKey ?? pair.beforeKey) as ResourceKey;
    // Normalized objects have canonical key order, so equal JSON text means semantically equal.
    if (pair.type === "same" && JSON.stringify(b) === JSON.stringify(a)) {
      unchanged.push(key);
      continue;
    }
    const beforeText = b ? manifestYaml(b) : "";
    const afterText = a ? manifestYaml(a) : "";
    const type: ChangeType = pair.type === "same" ? "changed" : pair.type;
    images.push(...computeImageChanges(key, b, a));
    const replicaChange = computeReplicaChange(key, b, a);
    if (replicaChange) replicas.push(replicaChange);
    changes.push(buildChange({ type, key, previousKey: type === "renamed" ? pair.beforeKey : undefined, before: b, after: a, beforeText, afterText, contextLines, secretFields: redacted.fields }));
  }

  changes.sort((x, y) => compareKeys(x.key, y.key));
  unchanged.sort(compareKeys);
  images.sort((x, y) => compareKeys(x.key, y.key) || compareKeys(x.container, y.container));
  replicas.sort((x, y) => compareKeys(x.key, y.key));
  const counts = { added: 0, removed: 0, changed: 0, renamed: 0, unchanged: unchanged.length };
  for (const change of changes) counts[change.type]++;
  return { changes, unchanged, counts, highlights: buildHighlights(changes, images, replicas) };
}

function buildChange(p: { type: ChangeType; key: ResourceKey; previousKey: ResourceKey | undefined; before: KubeObject | undefined; after: KubeObject | undefined; beforeText: string; afterText: string; contextLines: number; secretFields: ResourceChange["secretFields"] }): ResourceChange {
  const { group, kind, namespace, name } = parseResourceKey(p.key);
  const diff = unifiedHunks(p.beforeText, p.afterText, p.contextLines);
  const patch: PatchOperation[] = !p.before ? [{ op: "add", path: "", value: p.after ?? null }] : !p.after ? [{ op: "remove", path: "" }] : (jsonPatch.compare(p.before, p.after) as PatchOperation[]);
  return {
    type: p.type,
    key: p.key,
    ...(p.previousKey !== undefined && { previousKey: p.previousKey, previousName: parseResourceKey(p.previousKey).name }),
    group,
    kind,
    namespace,
    name,
    risky: RISKY_KINDS.has(kind),
    diff,
    patch,
    secretFields: p.secretFields,
  };
}

// Myers' diff costs O(N·D); past MAX_EDIT_LENGTH edits a resource is shown as replaced
// whole, which is what a reviewer would make of such a diff anyway, in linear time.
const MAX_EDIT_LENGTH = 2000;

function unifiedHunks(beforeText: string, afterText: string, context: number): string {
  const patch = structuredPatch("before", "after", beforeText, afterText, "", "", { context, maxEditLength: MAX_EDIT_LENGTH });
  const hunks = patch?.hunks ?? [wholeReplacement(beforeText, afterText)];
  return hunks.map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join("\n")}\n`).join("");
}

function wholeReplacement(beforeText: string, afterText: string): { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] } {
  const old = beforeText === "" ? [] : beforeText.replace(/\n$/, "").split("\n");
  const now = afterText === "" ? [] : afterText.replace(/\n$/, "").split("\n");
  return { oldStart: old.length === 0 ? 0 : 1, oldLines: old.length, newStart: now.length === 0 ? 0 : 1, newLines: now.length, lines: [...old.map((l) => `-${l}`), ...now.map((l) => `+${l}`)] };
}

// Plain code-unit order: locale-independent, so output is byte-identical everywhere.
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Two objects with one key cannot both be applied; keep the one that sorts first by
// content so the choice never depends on input order.
function indexByKey(objects: readonly KubeObject[]): Map<ResourceKey, KubeObject> {
  const out = new Map<ResourceKey, KubeObject>();
  for (const obj of objects) {
    const key = resourceKey(obj);
    const existing = out.get(key);
    if (existing === undefined || JSON.stringify(normalizeForDiff(obj)) < JSON.stringify(normalizeForDiff(existing))) out.set(key, obj);
  }
  return out;
}
