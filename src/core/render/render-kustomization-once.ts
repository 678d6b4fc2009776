import type { FileTree } from "../tree/file-tree.ts";
import { renderKustomization, type RenderLimits, type RenderResult } from "./render-kustomization.ts";

/**
 * Returns the render of `path` in `tree` exactly as renderKustomization does, but once
 * per tree, path and limits when the tree shares its renders (FileTree.renders): one
 * event's report, policy check and drift then render each tree once. Callers must not
 * mutate the result (no core function does).
 */
export function renderKustomizationOnce(tree: FileTree, path: string, limits?: Partial<RenderLimits>): Promise<RenderResult> {
  if (!tree.renders) return renderKustomization(tree, path, limits);
  // The engine is part of the key: another engine's render of the same tree differs.
  const key = `render:builtin:${path}:${JSON.stringify(limits ?? {})}`;
  return tree.renders.memo(key, () => renderKustomization(tree, path, limits));
}
