import type { KubeObject } from "../manifest/kube-object.ts";
import { serializeManifest } from "../manifest/serialize-manifests.ts";

/**
 * Returns the YAML text of one object for display in diffs: exactly what `kustomize
 * build` prints for it, so reviewers see the lines they would see locally.
 */
export function manifestYaml(obj: KubeObject): string {
  return serializeManifest(obj);
}
