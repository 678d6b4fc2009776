import { LEGACY_ORDER_FIRST, LEGACY_ORDER_LAST } from "../manifest/kind-order.ts";
import { apiGroup } from "../manifest/resource-key.ts";
import { apiVersionOnly } from "./field-spec.ts";
import type { RenderResource } from "./render-resource.ts";

/** kustomize's `sortOptions`. */
export interface SortOptions {
  readonly order: "legacy" | "fifo";
  readonly orderFirst?: readonly string[];
  readonly orderLast?: readonly string[];
}

function legacyGvk(apiVersion: string, kind: string): string {
  const g = apiGroup(apiVersion) || "~G";
  const v = apiVersionOnly(apiVersion) || "~V";
  return `${g}_${v}_${kind || "~K"}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Returns `resources` in kustomize's output order: unchanged for "fifo"; for "legacy",
 * by kind rank (the orderFirst list, then unlisted kinds, then orderLast), then
 * group_version_kind, namespace ("~X" when empty) and name, as kustomize compares them.
 */
export function sortResources(resources: readonly RenderResource[], options: SortOptions = { order: "legacy" }): RenderResource[] {
  if (options.order === "fifo") return [...resources];
  const first = options.orderFirst ?? LEGACY_ORDER_FIRST;
  const last = options.orderLast ?? LEGACY_ORDER_LAST;
  const rank = new Map<string, number>();
  first.forEach((kind, i) => rank.set(kind, -first.length + i));
  last.forEach((kind, i) => rank.set(kind, 1 + i));
  const keyed = resources.map((r) => ({
    r,
    rank: rank.get(r.obj.kind) ?? 0,
    gvk: legacyGvk(r.obj.apiVersion, r.obj.kind),
    rest: `${r.obj.metadata.namespace || "~X"}|${r.obj.metadata.name || "~N"}`,
  }));
  // kustomize puts the core Namespace before any other group's kind of that name.
  const coreNamespace = (k: (typeof keyed)[number]): number => (k.r.obj.kind === "Namespace" && apiGroup(k.r.obj.apiVersion) === "" ? 0 : 1);
  const namespaces = (a: (typeof keyed)[number], b: (typeof keyed)[number]): number => (a.r.obj.kind === "Namespace" && b.r.obj.kind === "Namespace" ? coreNamespace(a) - coreNamespace(b) : 0);
  keyed.sort((a, b) => a.rank - b.rank || namespaces(a, b) || compareStrings(a.gvk, b.gvk) || compareStrings(a.rest, b.rest));
  return keyed.map((k) => k.r);
}
