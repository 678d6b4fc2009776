import type { FileTree } from "../tree/file-tree.ts";
import type { KubeObject } from "../manifest/kube-object.ts";
import { RenderError } from "../../errors.ts";

/** Bounds on the work one render may do, so hostile repositories cannot exhaust Ferry. */
export interface RenderLimits {
  /** Most files one render may read. */
  maxFiles: number;
  /** Most bytes one render may read, all files together. */
  maxBytes: number;
  /** Most bytes of rendered YAML. */
  maxOutputBytes: number;
  /** Most YAML alias expansions per document (YAML bombs). */
  maxAliases: number;
}

/** One rendered object, with the repository file it came from (for findings and annotations). */
export interface RenderedResource {
  readonly object: KubeObject;
  readonly source: { readonly file: string };
}

/** The output of a render: the objects in kustomize's output order, and the YAML kustomize would print. */
export interface RenderResult {
  readonly resources: readonly RenderedResource[];
  readonly yaml: string;
}

/**
 * Returns what `kustomize build <path>` prints for the directory `path` of `tree`,
 * byte for byte, and the objects behind it. Reads only through `tree`: no network, no
 * exec, no path outside the tree. Throws RenderError with the file and field.
 */
export async function renderKustomization(_tree: FileTree, path: string, _limits?: Partial<RenderLimits>): Promise<RenderResult> {
  // Placeholder until the renderer lands (issue #2).
  throw new RenderError({ code: "render-unsupported", message: `rendering "${path}" is not implemented yet` });
}
