/**
 * The slice of the Kubernetes schema that server-side apply and strategic merge
 * need: which lists are associative (and by which keys), which are sets, and
 * which maps are atomic. Looked up by the field name and its parent field name,
 * which is how the built-in types are shaped; everything else is atomic (lists)
 * or granular (maps), as for a structural CRD schema without list annotations.
 */

/** How a list merges. */
export type ListType = { type: "atomic" } | { type: "set" } | { type: "map"; keys: readonly string[]; defaults: Readonly<Record<string, unknown>> };

const ATOMIC: ListType = { type: "atomic" };
const byName: ListType = { type: "map", keys: ["name"], defaults: {} };

const LISTS: Record<string, ListType> = {
  containers: byName,
  initContainers: byName,
  ephemeralContainers: byName,
  env: byName,
  volumes: byName,
  imagePullSecrets: byName,
  schedulingGates: byName,
  resourceClaims: byName,
  volumeMounts: { type: "map", keys: ["mountPath"], defaults: {} },
  volumeDevices: { type: "map", keys: ["devicePath"], defaults: {} },
  hostAliases: { type: "map", keys: ["ip"], defaults: {} },
  topologySpreadConstraints: { type: "map", keys: ["topologyKey", "whenUnsatisfiable"], defaults: {} },
  ownerReferences: { type: "map", keys: ["uid"], defaults: {} },
  conditions: { type: "map", keys: ["type"], defaults: {} },
};

const CONTAINER_LISTS = new Set(["containers", "initContainers", "ephemeralContainers"]);

/**
 * Returns the list type of the list at `fieldPath` (field names only, list keys
 * left out), e.g. `["spec","template","spec","containers"]`.
 */
export function listTypeAt(fieldPath: readonly string[]): ListType {
  const name = fieldPath[fieldPath.length - 1] ?? "";
  const parent = fieldPath[fieldPath.length - 2] ?? "";
  if (name === "ports") {
    if (CONTAINER_LISTS.has(parent)) return { type: "map", keys: ["containerPort", "protocol"], defaults: { protocol: "TCP" } };
    if (parent === "spec" && fieldPath.length === 2) return { type: "map", keys: ["port", "protocol"], defaults: { protocol: "TCP" } };
    return ATOMIC;
  }
  if (name === "finalizers" && parent === "metadata") return { type: "set" };
  return LISTS[name] ?? ATOMIC;
}

const ATOMIC_MAPS = new Set(["selector", "podSelector", "namespaceSelector", "labelSelector", "nodeSelectorTerms"]);

/** Returns true when the map at `fieldPath` is replaced as a whole (label selectors, a Service's selector). */
export function isAtomicMap(fieldPath: readonly string[]): boolean {
  const name = fieldPath[fieldPath.length - 1] ?? "";
  return ATOMIC_MAPS.has(name) && fieldPath[0] !== "metadata";
}

/** Returns the `k:{...}` path element of an associative-list item (keys sorted, schema defaults filled in). */
export function keyElement(item: Record<string, unknown>, list: Extract<ListType, { type: "map" }>): string {
  const keys: Record<string, unknown> = {};
  for (const key of [...list.keys].sort()) {
    const value = item[key] ?? list.defaults[key];
    if (value !== undefined) keys[key] = value;
  }
  return `k:${JSON.stringify(keys)}`;
}

/** Returns the path element that identifies `item` in a list of the given type at `index`. */
export function itemElement(item: unknown, list: ListType, index: number): string {
  if (list.type === "map" && item && typeof item === "object" && !Array.isArray(item)) return keyElement(item as Record<string, unknown>, list);
  if (list.type === "set") return `v:${JSON.stringify(item)}`;
  return `i:${index}`;
}
