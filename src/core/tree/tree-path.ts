/**
 * Returns the canonical repo-relative form of a path ("a/b/c"), or undefined when the
 * path would leave the tree (".." above the root). Leading "./" and "/" segments and
 * empty segments are dropped; the root is "".
 */
export function resolveTreePath(base: string, relative: string): string | undefined {
  const out = relative.startsWith("/") ? [] : base.split("/").filter((s) => s !== "");
  for (const segment of relative.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join("/");
}

/** Returns the canonical form of a repo-relative path; throws when it leaves the tree. */
export function normalizeTreePath(path: string): string {
  const resolved = resolveTreePath("", path);
  if (resolved === undefined) throw new Error(`path "${path}" leaves the repository`);
  return resolved;
}

/** Returns the directory part of a tree path ("" for a top-level file). */
export function dirnameTreePath(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}
