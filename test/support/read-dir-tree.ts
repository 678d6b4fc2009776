import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildMemoryFileTree } from "../../src/core/tree/memory-file-tree.ts";
import type { FileTree } from "../../src/core/tree/file-tree.ts";

/** Returns an in-memory FileTree holding every regular file below `root` (symlinks skipped). */
export function readDirTree(root: string): FileTree {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files[relative(root, path).split("\\").join("/")] = readFileSync(path);
    }
  };
  walk(root);
  return buildMemoryFileTree(files);
}
