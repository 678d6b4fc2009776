import type { JsonValue } from "../manifest/kube-object.ts";
import type { RenderResource } from "./render-resource.ts";

/** A var declared by a kustomization, bound to the resource its objRef matched when declared. */
export interface BoundVar {
  readonly name: string;
  readonly fieldPath: string;
  readonly file: string;
}

/**
 * Returns the vars accumulated so far plus the vars declared in `raw` (a kustomization's
 * `vars` field, declared in `file`), each bound to the one resource of `resources` its
 * objRef matches. Duplicate names are errors.
 */
export function bindVars(params: { resources: readonly RenderResource[]; accumulated: readonly BoundVar[]; raw: JsonValue; file: string }): BoundVar[] {
  return [...params.accumulated];
}

/** Returns `resources` with every `$(VAR)` in kustomize's var reference fields substituted. */
export function applyVars(resources: readonly RenderResource[], vars: readonly BoundVar[]): RenderResource[] {
  void vars;
  return [...resources];
}
