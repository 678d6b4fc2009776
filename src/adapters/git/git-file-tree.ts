import type { FileTree } from "../../core/tree/file-tree.ts";
import { decodeTreeText } from "../../core/tree/decode-tree-text.ts";
import { AppError } from "../../errors.ts";
import { BlobCache } from "./blob-cache.ts";
import { CatFileBatch } from "./cat-file-batch.ts";
import { buildListedFileTree, type ListedBlob } from "./listed-file-tree.ts";
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
 * Symlinks are followed as a checkout would follow them, but only to files of the
 * commit (see buildListedFileTree); submodules, other repositories, are left out.
 */
export async function openGitFileTree(params: { repoDir: string; ref: string; cache?: BlobCache }): Promise<GitFileTree> {
  const { repoDir, ref } = params;
  const cache = params.cache ?? new BlobCache();
  const commit = await resolveCommit(repoDir, ref);
  const listing = await runGit(repoDir, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]);

  const files = new Map<string, ListedBlob>();
  const linkBlobs = new Map<string, string>();
  for (const record of listing.split("\0")) {
    if (record === "") continue;
    // "<mode> <type> <sha> <size>\t<path>"
    const tab = record.indexOf("\t");
    const [mode, type, sha, size] = record.slice(0, tab).split(/ +/);
    if (type !== "blob" || sha === undefined) continue;
    if (mode === "120000") linkBlobs.set(record.slice(tab + 1), sha);
    else files.set(record.slice(tab + 1), { sha, size: Number(size) });
  }

  const batch = new CatFileBatch(repoDir);
  // A symlink's blob is its target; the tree follows it only within the commit.
  const links = new Map<string, string>();
  await Promise.all([...linkBlobs].map(async ([path, sha]) => links.set(path, (await batch.read(sha)).toString("utf8"))));
  const tree = buildListedFileTree({
    files,
    links,
    readBlob: (path, blob) => cache.getOrLoad(blob.sha, async () => decodeTreeText(await batch.read(blob.sha), path)),
    readBlobBytes: (blob) => batch.read(blob.sha),
  });
  return { ...tree, commit, close: () => batch.close() };
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
