/**
 * Field sets as structured-merge-diff encodes them in `metadata.managedFields`
 * (`fieldsV1`): a tree keyed by path elements — `f:<field>` for map keys,
 * `k:{...}` for items of associative lists, `v:<json>` for set items, `i:<n>` for
 * atomic-list indexes — where a node is a member when the manager owns it.
 */

/** One node of a field set; `member` means the path to this node is owned. */
export interface FieldNode {
  member: boolean;
  children: Map<string, FieldNode>;
}

/** Returns an empty field set (the root node, never a member itself). */
export function emptySet(): FieldNode {
  return { member: false, children: new Map() };
}

/** Returns the node for a path, creating the intermediates. */
export function ensurePath(root: FieldNode, path: readonly string[]): FieldNode {
  let node = root;
  for (const element of path) {
    let child = node.children.get(element);
    if (!child) {
      child = emptySet();
      node.children.set(element, child);
    }
    node = child;
  }
  return node;
}

/** Marks a path as owned. */
export function insertPath(root: FieldNode, path: readonly string[]): void {
  ensurePath(root, path).member = true;
}

/** Returns true when the set holds no member. */
export function isEmptySet(node: FieldNode): boolean {
  if (node.member) return false;
  for (const child of node.children.values()) if (!isEmptySet(child)) return false;
  return true;
}

function prune(node: FieldNode): FieldNode | undefined {
  for (const [key, child] of node.children) {
    if (!prune(child)) node.children.delete(key);
  }
  return node.member || node.children.size > 0 ? node : undefined;
}

function combine(a: FieldNode | undefined, b: FieldNode | undefined, op: "union" | "intersect" | "difference"): FieldNode {
  const out = emptySet();
  const aMember = a?.member ?? false;
  const bMember = b?.member ?? false;
  out.member = op === "union" ? aMember || bMember : op === "intersect" ? aMember && bMember : aMember && !bMember;
  const keys = new Set<string>([...(a?.children.keys() ?? []), ...(op === "union" ? (b?.children.keys() ?? []) : [])]);
  for (const key of keys) {
    const child = combine(a?.children.get(key), b?.children.get(key), op);
    if (child.member || child.children.size > 0) out.children.set(key, child);
  }
  return out;
}

/** Returns a ∪ b (new tree; inputs unchanged). */
export function union(a: FieldNode, b: FieldNode): FieldNode {
  return combine(a, b, "union");
}

/** Returns a ∩ b. */
export function intersect(a: FieldNode, b: FieldNode): FieldNode {
  return prune(combine(a, b, "intersect")) ?? emptySet();
}

/** Returns a − b. */
export function difference(a: FieldNode, b: FieldNode): FieldNode {
  return prune(combine(a, b, "difference")) ?? emptySet();
}

/** Returns every member path, depth first in encoding order. */
export function memberPaths(root: FieldNode): string[][] {
  const out: string[][] = [];
  collectMembers(root, [], out);
  return out;
}

function collectMembers(node: FieldNode, path: string[], out: string[][]): void {
  if (node.member && path.length > 0) out.push(path);
  for (const key of sortedKeys(node)) collectMembers(node.children.get(key) as FieldNode, [...path, key], out);
}

const KIND_ORDER: Record<string, number> = { f: 0, v: 1, i: 2, k: 3 };

function compareElements(x: string, y: string): number {
  const kx = KIND_ORDER[x[0] ?? ""] ?? 9;
  const ky = KIND_ORDER[y[0] ?? ""] ?? 9;
  if (kx !== ky) return kx - ky;
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortedKeys(node: FieldNode): string[] {
  const keys = [...node.children.keys()];
  return keys.length < 2 ? keys : keys.sort(compareElements);
}

// The walks below are module functions, not closures made per call: every apply
// encodes and decodes the managed fields of its object, and under tsx each closure
// also costs a keepNames `__name` call (seen in the apply benchmark's profile).

/** Returns the `fieldsV1` JSON object for a set. */
export function encodeFieldsV1(root: FieldNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (root.member && root.children.size > 0) out["."] = {};
  for (const key of sortedKeys(root)) out[key] = encodeFieldsV1(root.children.get(key) as FieldNode);
  return out;
}

/** Parses a `fieldsV1` JSON object back into a set. */
export function decodeFieldsV1(fields: unknown): FieldNode {
  return decodeNode(fields, false);
}

function decodeNode(value: unknown, member: boolean): FieldNode {
  const node: FieldNode = { member, children: new Map() };
  if (value && typeof value === "object") {
    for (const key in value as Record<string, unknown>) {
      const child = (value as Record<string, unknown>)[key];
      if (key === ".") {
        node.member = true;
        continue;
      }
      node.children.set(key, decodeNode(child, !(child && typeof child === "object" && Object.keys(child).length > 0)));
    }
  }
  return node;
}

/** Renders a path the way the API server names it in conflict messages, e.g. `.spec.containers[name="app"].image`. */
export function formatPath(path: readonly string[]): string {
  let out = "";
  for (const element of path) {
    const kind = element.slice(0, 2);
    const rest = element.slice(2);
    if (kind === "f:") out += `.${rest}`;
    else if (kind === "i:") out += `[${rest}]`;
    else if (kind === "v:") out += `[=${rest}]`;
    else if (kind === "k:") {
      const keys = JSON.parse(rest) as Record<string, unknown>;
      out += `[${Object.entries(keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
    }
  }
  return out;
}
