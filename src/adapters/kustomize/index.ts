/**
 * The real kustomize, for environments with `render.engine: kustomize`: runs
 * `kubectl kustomize` (or a kustomize binary named by the server's environment) on a
 * temporary copy of one commit's tree. Performs I/O (files, exec); holds no decisions:
 * which engine renders is the settings' choice, made in the core.
 */
export { createKustomizeRenderer, readKustomizeCommand, readRenderers, type KustomizeCommand } from "./kustomize-renderer.ts";
export { findKustomizeRoots } from "./find-kustomize-roots.ts";
export { writeTreeToDir } from "./write-tree-to-dir.ts";
