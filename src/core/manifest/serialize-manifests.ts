import type { JsonValue, KubeObject } from "./kube-object.ts";
import { YamlEmitter } from "./yaml-emitter.ts";

/**
 * Returns the YAML `kustomize build` prints for these objects, byte for byte: each
 * object as its own document, documents separated by `---\n`, keys sorted the way
 * kustomize sorts them, scalars quoted and folded the way go-yaml v2 does. An empty
 * list gives "". Pure and deterministic; never mutates its input.
 *
 * Hand-written rather than the `yaml` package's stringify: kustomize's bytes come from
 * libyaml's emitter (go-yaml v2), whose quoting rules (YAML 1.1 booleans such as `y`
 * and `on` quoted), natural key order, folding at column 80 and escapes the `yaml`
 * package cannot be configured to reproduce.
 *
 * @example
 * serializeManifests([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { on: "yes" } }])
 * // → 'apiVersion: v1\ndata:\n  "on": "yes"\nkind: ConfigMap\nmetadata:\n  name: a\n'
 */
export function serializeManifests(objects: readonly KubeObject[]): string {
  const emitter = new YamlEmitter();
  for (const [i, obj] of objects.entries()) {
    if (i > 0) emitter.raw("---\n");
    emitter.document(obj);
  }
  return emitter.text();
}

/** Returns the YAML kustomize prints for one object (one document, no `---`). */
export function serializeManifest(obj: KubeObject | JsonValue): string {
  const emitter = new YamlEmitter();
  emitter.document(obj);
  return emitter.text();
}
