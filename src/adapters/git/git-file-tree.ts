import type { FileTree, TreeEntry } from "../../core/tree/file-tree.ts";
import { AppError } from "../../errors.ts";
import { BlobCache } from "./blob-cache.ts";
import { CatFileBatch } from "./cat-file-batch.ts";
import { runGit } from "./run-git.ts";

/** A FileTree of one commit of a local repository; `close()` ends its git process. */
export interface GitFileTree extends FileTree {
  /** The full SHA of the commit the tree belongs to. */
  readonly commit: string;
  /** Ends the `git cat-file` process; the tree can still serve cached blobs. */
  close(): void;
}

/**
 * Opens the tree of `ref` in the repository at `repoDir`: one `git ls-tree -r` to list
 * it and one `git cat-file --batch` process to read blobs, cached by blob SHA in
 * `cache` (share one cache between trees so unchanged files are read once).
 * Symlinks and submodules are left out: the renderer must only see blobs inside the
 * commit, and a symlink could point anywhere.
 */
export async function openGitFileTree(params: { repoDir: string; ref: string; cache?: BlobCache }): Promise<GitFileTree> {
  const { repoDir, ref } = params;
  const cache = params.cache ?? new BlobCache();
  const commit = await resolveCommit(repoDir, ref);
  const listing = await runGit(repoDir, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]);

  const files = new Map<string, { sha: string; size: number }>();
  const dirs = new Map<string, Set<string>>([["", new Set()]]);
  for (const record of listing.split("\0")) {
    if (record === "") continue;
    // "<mode> <type> <sha> <size>\t<path>"
    const tab = record.indexOf("\t");
    const [mode, type, sha, size] = record.slice(0, tab).split(/ +/);
    const path = record.slice(tab + 1);
    if (type !== "blob" || mode === "120000" || sha === undefined) continue;
    files.set(path, { sha, size: Number(size) });
    addParents(dirs, path);
  }

  const batch = new CatFileBatch(repoDir);
  return {
    commit,
    stat(path: string): TreeEntry | undefined {
      const file = files.get(path);
      if (file) return { type: "file", size: file.size };
      return dirs.has(path) ? { type: "dir" } : undefined;
    },
    list(dir: string): readonly string[] {
      return [...(dirs.get(dir) ?? [])].sort();
    },
    async read(path: string): Promise<string> {
      const file = files.get(path);
      if (!file) throw new AppError("git-failed", `no file "${path}" at ${commit.slice(0, 12)}`);
      return cache.getOrLoad(file.sha, async () => (await batch.read(file.sha)).toString("utf8"));
    },
    close: () => batch.close(),
  };
}

/** Returns the full commit SHA `ref` names; AppError("ref-not-found") when none. */
export async function resolveCommit(repoDir: string, ref: string): Promise<string> {
  if (ref.startsWith("-")) throw new AppError("ref-not-found", `"${ref}" is not a git ref`);
  try {
    return (await runGit(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`])).trim();
  } catch (error) {
    throw new AppError("ref-not-found", `no commit "${ref}" in "${repoDir}"; check the branch or SHA (git fetch first?)`, { cause: error });
  }
}

function addParents(dirs: Map<string, Set<string>>, path: string): void {
  const parts = path.split("/");
  let parent = "";
  for (const part of parts) {
    let set = dirs.get(parent);
    if (!set) dirs.set(parent, (set = new Set()));
    set.add(part);
    parent = parent === "" ? part : `${parent}/${part}`;
  }
}
