import { RenderError } from "../../errors.ts";
import type { FileTree } from "../tree/file-tree.ts";
import { renderKustomization, type RenderResult } from "./render-kustomization.ts";
import type { RenderLimits } from "./render-limits.ts";

/** Who renders an environment: Ferry's built-in renderer, or the real kustomize (`render.engine`). */
export const RENDER_ENGINES = ["builtin", "kustomize"] as const;
export type RenderEngine = (typeof RENDER_ENGINES)[number];

/** Renders directory `path` of `tree`, as renderKustomization does. */
export type RenderFunction = (tree: FileTree, path: string, limits?: Partial<RenderLimits>) => Promise<RenderResult>;

/**
 * The renderers other than the built-in one that this process has, injected by the
 * composition root (the core never runs a program). Without `kustomize`, an environment
 * that asks for it fails to render with a message saying so.
 */
export interface Renderers {
  readonly kustomize?: RenderFunction;
}

/** Returns the sentence a report uses to say which engine rendered (no final period). */
export function describeRenderEngine(engine: RenderEngine): string {
  return engine === "kustomize" ? "Rendered by kustomize (`render.engine: kustomize`)" : "Rendered by Ferry's built-in renderer";
}

/**
 * Returns the result of rendering `path` of `tree` with `engine`. The built-in renderer
 * never falls back to kustomize, nor kustomize to it: an engine that fails, or is not
 * available, is a render error naming the engine, so a report never silently shows the
 * output of a renderer the settings did not choose.
 */
export async function renderWithEngine(params: { engine: RenderEngine; renderers?: Renderers | undefined; tree: FileTree; path: string; limits?: Partial<RenderLimits> | undefined }): Promise<RenderResult> {
  // Once per tree, engine, path and limits when the tree shares its renders
  // (FileTree.renders): one event's report, policy check and drift render each tree once.
  // Callers must not mutate the result (no core function does).
  const { tree } = params;
  if (!tree.renders) return renderOnce(params);
  return tree.renders.memo(`render:${params.engine}:${params.path}:${JSON.stringify(params.limits ?? {})}`, () => renderOnce(params));
}

async function renderOnce(params: { engine: RenderEngine; renderers?: Renderers | undefined; tree: FileTree; path: string; limits?: Partial<RenderLimits> | undefined }): Promise<RenderResult> {
  const { engine, tree, path, limits } = params;
  if (engine === "builtin") return renderKustomization(tree, path, limits);
  const kustomize = params.renderers?.kustomize;
  if (!kustomize) {
    throw new RenderError({
      code: "render-unsupported",
      message: `render.engine is kustomize for "${path}", but this Ferry cannot run kustomize; install kubectl (or set FERRY_KUSTOMIZE to a kustomize binary) where Ferry runs, or use render.engine: builtin`,
    });
  }
  return kustomize(tree, path, limits);
}
