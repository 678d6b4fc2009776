import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileTree } from "../../core/tree/file-tree.ts";
import { RenderError } from "../../errors.ts";

/**
 * Writes every file of `tree` under the directories `roots` (all of it by default) to
 * `dir`, at the same paths (regular files only: a FileTree has no symlinks, and `.git`
 * is never in one), within the same budgets as the built-in renderer's reads, so a huge
 * repository fails with a limit error rather than filling the disk. Returns the number
 * of files written.
 */
export async function writeTreeToDir(params: { tree: FileTree; dir: string; roots?: readonly string[]; maxFiles: number; maxBytes: number }): Promise<number> {
  const { tree, dir, maxFiles, maxBytes } = params;
  let files = 0;
  let bytes = 0;
  const walk = async (path: string): Promise<void> => {
    await mkdir(join(dir, path), { recursive: true });
    for (const name of tree.list(path)) {
      const child = path === "" ? name : `${path}/${name}`;
      const entry = tree.stat(child);
      if (entry?.type === "dir") {
        await walk(child);
      } else if (entry?.type === "file") {
        files += 1;
        bytes += entry.size;
        if (files > maxFiles || bytes > maxBytes) {
          throw new RenderError({ code: "render-limit", message: `the repository has more than ${maxFiles} files or ${maxBytes} bytes, more than kustomize may be given; remove files or use render.engine: builtin` });
        }
        await writeFile(join(dir, child), tree.readBytes ? await tree.readBytes(child) : await tree.read(child));
      }
    }
  };
  for (const root of params.roots ?? [""]) await walk(root);
  return files;
}
