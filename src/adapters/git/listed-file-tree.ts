import type { FileTree, TreeEntry } from "../../core/tree/file-tree.ts";
import { refusedLinkError, resolveTreeLinks } from "../../core/tree/resolve-tree-links.ts";
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
 * `links` (symlink path → target, as git stores it) are followed as a checkout would
 * follow them, but only within the commit's files: a link out of the repository (an
 * absolute target, `..` above the root) or into `.git` is not listed, and reading it
 * fails saying why, so kustomize's load restrictor can be applied to real paths.
 */
export function buildListedFileTree(params: {
  files: ReadonlyMap<string, ListedBlob>;
  links?: ReadonlyMap<string, string>;
  readBlob: (path: string, blob: ListedBlob) => Promise<string>;
  /** Raw bytes of a blob, uncached (rare: only non-text generator files need them). */
  readBlobBytes: (blob: ListedBlob) => Promise<Uint8Array>;
}): FileTree {
  const { files } = params;
  const links = params.links ?? new Map<string, string>();
  const dirs = new Map<string, Set<string>>([["", new Set()]]);
  for (const path of [...files.keys(), ...links.keys()]) {
    let parent = "";
    for (const part of path.split("/")) {
      let set = dirs.get(parent);
      if (!set) dirs.set(parent, (set = new Set()));
      set.add(part);
      parent = parent === "" ? part : `${parent}/${part}`;
    }
  }
  const real = (path: string): string | undefined => resolveTreeLinks(path, links);
  const stat = (path: string): TreeEntry | undefined => {
    const r = real(path);
    // A refused link looks like a file, so the read that follows reports the refusal.
    if (r === undefined) return { type: "file", size: 0 };
    const file = files.get(r);
    if (file) return { type: "file", size: file.size };
    return dirs.has(r) && !links.has(r) ? { type: "dir" } : undefined;
  };
  const locate = (path: string): { path: string; blob: ListedBlob } => {
    const r = real(path);
    if (r === undefined) throw refusedLinkError(path);
    const blob = files.get(r);
    if (!blob) throw new AppError("git-failed", `no file "${path}" in the tree`);
    return { path: r, blob };
  };
  return {
    stat,
    list(dir: string): readonly string[] {
      const r = real(dir);
      if (r === undefined) return [];
      const names = [...(dirs.get(r) ?? [])].sort();
      if (links.size === 0) return names;
      return names.filter((name) => {
        const child = dir === "" ? name : `${dir}/${name}`;
        return real(child) !== undefined && stat(child) !== undefined;
      });
    },
    async read(path: string): Promise<string> {
      const found = locate(path);
      return params.readBlob(found.path, found.blob);
    },
    async readBytes(path: string): Promise<Uint8Array> {
      return params.readBlobBytes(locate(path).blob);
    },
    realPath: real,
  };
}
