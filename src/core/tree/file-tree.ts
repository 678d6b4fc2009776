/** A directory entry of a FileTree. Sizes are known from the listing, before any read. */
export type TreeEntry = { readonly type: "file"; readonly size: number } | { readonly type: "dir" };

/**
 * A read-only view of a repository's files at one commit: the only way the renderer
 * sees files. Paths are repository-relative, POSIX, without a leading "./" or "/";
 * the root directory is "". There is no way to name anything outside the tree.
 *
 * Listing is synchronous because implementations list the whole commit once when
 * the tree is opened (`git ls-tree -r`, GitHub's recursive trees API); reading is
 * asynchronous because blobs are fetched lazily, and cached by blob SHA.
 */
export interface FileTree {
  /** Returns what is at `path`, or undefined when nothing is. */
  stat(path: string): TreeEntry | undefined;
  /** Returns the sorted names (not paths) of the direct children of directory `path`. */
  list(dir: string): readonly string[];
  /**
   * Returns the UTF-8 text of the file at `path`; rejects when it is not a file, and
   * when its bytes are not UTF-8 (never replaced silently; see decodeTreeText).
   */
  read(path: string): Promise<string>;
  /**
   * Returns the raw bytes of the file at `path`, for the few readers that must see
   * non-UTF-8 content (generator files go to `binaryData`). Optional for trees that only
   * hold text; readers then fall back to `read`.
   */
  readBytes?(path: string): Promise<Uint8Array>;
  /**
   * Returns the tree path `path` leads to once symlinks on the way are followed (the
   * path itself when there are none), or undefined when it leads outside the
   * repository's files (out of the checkout, or into `.git`), which trees never show.
   * kustomize's load restrictor compares these real paths. Trees without symlinks
   * (memory, git and GitHub trees, which leave symlinks out) may omit it.
   */
  realPath?(path: string): string | undefined;
  /**
   * Shares what is derived from this tree among its readers (the report, the policy
   * check and the drift of one event render the same commit): `memo(key, load)` runs
   * `load` once per key while the value is kept. A tree is one commit, so a render of it
   * never changes. Optional: trees without it are rendered by every reader.
   */
  readonly renders?: { memo<T>(key: string, load: () => Promise<T>): Promise<T> };
}
