/**
 * Read-only file trees of one commit. Pure: the in-memory tree and path helpers do no
 * I/O; real trees (git CLI, GitHub API) live in adapters and implement FileTree.
 */
export type { FileTree, TreeEntry } from "./file-tree.ts";
export { decodeTreeText } from "./decode-tree-text.ts";
export { refusedLinkError, resolveTreeLinks } from "./resolve-tree-links.ts";
export { buildMemoryFileTree } from "./memory-file-tree.ts";
export { resolveTreePath, normalizeTreePath, dirnameTreePath } from "./tree-path.ts";
