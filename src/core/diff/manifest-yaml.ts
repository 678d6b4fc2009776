import { stringify } from "yaml";
import type { KubeObject } from "../manifest/kube-object.ts";

// TODO(#3): switch to serializeManifest (src/core/manifest/serialize-manifests.ts) once
// it lands, so diffs show exactly the YAML kustomize prints.
/** Returns the YAML text of one object for display in diffs: block style, no line folding. */
export function manifestYaml(obj: KubeObject): string {
  return stringify(obj, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}
