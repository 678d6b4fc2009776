import type { FileTree, TreeEntry } from "./file-tree.ts";
import { decodeTreeText } from "./decode-tree-text.ts";
import { normalizeTreePath } from "./tree-path.ts";

/**
 * Returns a FileTree over an in-memory map of path → text. Used by tests and by
 * callers that already hold the files; directories are derived from the paths. It has
 * no symlinks, so nothing in it can lead outside it.
 *
 * @example
 * const tree = buildMemoryFileTree({ "base/kustomization.yaml": "resources: [a.yaml]\n" });
 */
export function buildMemoryFileTree(files: Readonly<Record<string, string | Uint8Array>>): FileTree {
  const fileMap = new Map<string, Uint8Array | string>();
  const children = new Map<string, Set<string>>([["", new Set()]]);
  for (const [rawPath, text] of Object.entries(files)) {
    const path = normalizeTreePath(rawPath);
    fileMap.set(path, text);
    const parts = path.split("/");
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join("/");
      const set = children.get(parent) ?? new Set<string>();
      set.add(parts[i] as string);
      children.set(parent, set);
    }
  }
  return {
    stat(path: string): TreeEntry | undefined {
      const content = fileMap.get(path);
      if (content !== undefined) return { type: "file", size: typeof content === "string" ? Buffer.byteLength(content) : content.byteLength };
      return children.has(path) ? { type: "dir" } : undefined;
    },
    list(dir: string): readonly string[] {
      return [...(children.get(dir) ?? [])].sort();
    },
    async read(path: string): Promise<string> {
      const content = fileMap.get(path);
      if (content === undefined) throw new Error(`no file "${path}" in the tree`);
      return typeof content === "string" ? content : decodeTreeText(content, path);
    },
    async readBytes(path: string): Promise<Uint8Array> {
      const content = fileMap.get(path);
      if (content === undefined) throw new Error(`no file "${path}" in the tree`);
      return typeof content === "string" ? new TextEncoder().encode(content) : content;
    },
  };
}
