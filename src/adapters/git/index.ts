/**
 * Local git: file trees of one commit (git CLI, no shell), a blob cache shared
 * across commits. Performs I/O; holds no decisions.
 */
export { openGitFileTree, resolveCommit, type GitFileTree } from "./git-file-tree.ts";
export { BlobCache } from "./blob-cache.ts";
export { runGit } from "./run-git.ts";
export { openDirFileTree, findRepoRoot, toTreePath } from "./dir-file-tree.ts";
