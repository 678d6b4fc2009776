import type { JsonObject, KubeObject } from "../manifest/kube-object.ts";

/**
 * Returns `target` with the strategic merge `patch` applied, or undefined when the
 * patch deletes the object (`$patch: delete` at the top level). Never mutates its
 * arguments.
 */
export function applyStrategicMergePatch(target: KubeObject, patch: JsonObject): KubeObject | undefined {
  // First version: plain recursive merge; merge keys land in the next commit.
  if (patch.$patch === "delete") return undefined;
  return structuredClone({ ...target, ...patch }) as KubeObject;
}
