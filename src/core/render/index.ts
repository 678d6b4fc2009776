/**
 * The kustomize-compatible renderer: builds a kustomization from a read-only FileTree
 * and returns exactly the bytes `kustomize build` (v5.5) prints, plus the objects with
 * the files they came from. Pure: no fs, no exec, no network; every read goes through
 * the tree and counts against RenderLimits. Custom transformer configurations and
 * built-in plugin configs are built as kustomize builds them; external plugins, Helm,
 * OpenAPI and remote bases are errors naming the field and the file.
 */
export { renderKustomization, type RenderedResource, type RenderResult } from "./render-kustomization.ts";
export { DEFAULT_RENDER_LIMITS, type RenderLimits } from "./render-limits.ts";
export type { RenderResource, ResourceName } from "./render-resource.ts";
export { KUSTOMIZATION_FILE_NAMES } from "./load-kustomization.ts";
export { describeRenderEngine, renderWithEngine, RENDER_ENGINES, type RenderEngine, type RenderFunction, type Renderers } from "./render-with-engine.ts";
