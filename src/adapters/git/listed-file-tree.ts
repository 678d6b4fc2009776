import type { FileTree, TreeEntry } from "../../core/tree/file-tree.ts";
import { AppError } from "../../errors.ts";

/** One blob of a commit's listing: its git SHA and size. */
export interface ListedBlob {
  readonly sha: string;
  readonly size: number;
}

/**
 * Returns a FileTree over a commit's listing (path → blob), with directories derived
 * from the paths; `read` turns a path's blob into text (cache, git, GitHub). Shared by
 * the local-git and the GitHub trees, which differ only in how they list and read.
 */
export function buildListedFileTree(params: {
  files: ReadonlyMap<string, ListedBlob>;
  readBlob: (path: string, blob: ListedBlob) => Promise<string>;
  /** Raw bytes of a blob, uncached (rare: only non-text generator files need them). */
  readBlobBytes: (blob: ListedBlob) => Promise<Uint8Array>;
}): FileTree {
  const { files } = params;
  const dirs = new Map<string, Set<string>>([["", new Set()]]);
  for (const path of files.keys()) {
    let parent = "";
    for (const part of path.split("/")) {
      let set = dirs.get(parent);
      if (!set) dirs.set(parent, (set = new Set()));
      set.add(part);
      parent = parent === "" ? part : `${parent}/${part}`;
    }
  }
  return {
    stat(path: string): TreeEntry | undefined {
      const file = files.get(path);
      if (file) return { type: "file", size: file.size };
      return dirs.has(path) ? { type: "dir" } : undefined;
    },
    list(dir: string): readonly string[] {
      return [...(dirs.get(dir) ?? [])].sort();
    },
    read(path: string): Promise<string> {
      const file = files.get(path);
      if (!file) return Promise.reject(new AppError("git-failed", `no file "${path}" in the tree`));
      return params.readBlob(path, file);
    },
    readBytes(path: string): Promise<Uint8Array> {
      const file = files.get(path);
      if (!file) return Promise.reject(new AppError("git-failed", `no file "${path}" in the tree`));
      return params.readBlobBytes(file);
    },
  };
}
