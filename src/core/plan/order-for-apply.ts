import { LEGACY_ORDER_FIRST, LEGACY_ORDER_LAST } from "../manifest/kind-order.ts";
import type { ResourceKey } from "../manifest/resource-key.ts";

// Kinds that others depend on come first: a namespace before what lives in it, a CRD
// before its resources, RBAC and config before the workloads that use them, webhooks
// last so they cannot reject the objects applied before them. Unknown kinds go after
// the known ones. This is the order kustomize's legacy sort and cli-utils use.
const KIND_ORDER: readonly string[] = [...LEGACY_ORDER_FIRST, ...LEGACY_ORDER_LAST];

const RANK = new Map<string, number>(KIND_ORDER.map((kind, i) => [kind, i]));

/** Returns the rank of a kind in apply order; unknown kinds share the rank after every known one. */
export function kindRank(kind: string): number {
  return RANK.get(kind) ?? KIND_ORDER.length;
}

/**
 * Compares two keys in apply order: by kind rank, then by the key's text (group, kind,
 * namespace, name) in code-unit order, so the result never depends on input order.
 */
export function compareForApply(a: ResourceKey, b: ResourceKey): number {
  const rank = kindRank(kindOf(a)) - kindRank(kindOf(b));
  if (rank !== 0) return rank;
  return a < b ? -1 : a > b ? 1 : 0;
}

// The kind is the key's second segment (`group/kind/namespace/name`). Read in place:
// sorting 10,000 keys compares ~130,000 pairs, and parseResourceKey's split and join
// per comparison was most of a re-apply's planning time.
function kindOf(key: ResourceKey): string {
  const start = key.indexOf("/") + 1;
  const end = key.indexOf("/", start);
  return end < 0 ? key.slice(start) : key.slice(start, end);
}

/** Returns the keys sorted in apply order (a new array). Prune runs the reverse. */
export function sortForApply(keys: readonly ResourceKey[]): ResourceKey[] {
  return [...keys].sort(compareForApply);
}
