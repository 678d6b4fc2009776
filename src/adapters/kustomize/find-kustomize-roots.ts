import { parseAllDocuments } from "yaml";
import { KUSTOMIZATION_FILE_NAMES } from "../../core/render/index.ts";
import type { FileTree } from "../../core/tree/file-tree.ts";
import { resolveTreePath } from "../../core/tree/tree-path.ts";

/**
 * Returns the directories of `tree` whose files kustomize may read when it builds
 * `path`: `path` itself and every directory a kustomization on the way names (bases,
 * resources, components: any string in it that is a directory of the tree), followed
 * through their own kustomizations. With the load restrictor on, kustomize reads no file
 * outside these, so copying only them gives the same output while a monorepo's other
 * directories are never read (on GitHub each file read is an API request). An
 * over-approximation by design: a string that only looks like a directory costs a copy,
 * never a wrong render. Sorted, with no directory inside another.
 */
export async function findKustomizeRoots(tree: FileTree, path: string): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [path];
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    const file = KUSTOMIZATION_FILE_NAMES.map((name) => (dir === "" ? name : `${dir}/${name}`)).find((f) => tree.stat(f)?.type === "file");
    if (file === undefined) continue;
    for (const value of stringsIn(await tree.read(file).catch(() => ""))) {
      const target = resolveTreePath(dir, value);
      if (target !== undefined && !seen.has(target) && tree.stat(target)?.type === "dir") queue.push(target);
    }
  }
  const roots = [...seen].sort();
  return roots.filter((r) => !roots.some((o) => o !== r && (o === "" || r.startsWith(`${o}/`))));
}

function stringsIn(text: string): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") out.push(value.split("?")[0] ?? value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  try {
    for (const doc of parseAllDocuments(text)) if (!Array.isArray(doc)) walk(doc.toJS({ maxAliasCount: 100 }));
  } catch {
    // kustomize reports a kustomization it cannot read; nothing more is copied for it.
  }
  return out;
}
