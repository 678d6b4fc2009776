import { RenderError } from "../../errors.ts";
import { REPLICA_FIELD_SPECS } from "./builtin-field-specs.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec } from "./field-spec.ts";
import type { RenderResource } from "./render-resource.ts";
import { cloneObject } from "./resource-id.ts";

const SPECS = REPLICA_FIELD_SPECS.map(compileFieldSpec);

/** One `replicas` entry of a kustomization. */
export interface ReplicaOverride {
  readonly name: string;
  readonly count: number;
}

/**
 * Returns `resources` with `spec.replicas` set on the workloads each entry names (by
 * current or earlier name, as kustomize matches). An entry that matches no workload is
 * an error, as in kustomize.
 */
export function applyReplicas(resources: readonly RenderResource[], overrides: readonly ReplicaOverride[], file: string): RenderResource[] {
  let out = [...resources];
  for (const override of overrides) {
    let found = false;
    out = out.map((resource) => {
      const specs = SPECS.filter((s) => fieldSpecSelects(s, resource.obj));
      if (specs.length === 0) return resource;
      const named = resource.obj.metadata.name === override.name || resource.history.some((h) => h.name === override.name);
      if (!named) return resource;
      found = true;
      const obj = cloneObject(resource.obj);
      for (const spec of specs) visitFieldSpec(obj, spec, (parent, key) => (parent[key] = override.count));
      return { ...resource, obj };
    });
    if (!found) {
      throw new RenderError({
        file,
        message: `replicas entry "${override.name}" in "${file}" matches no Deployment, ReplicationController, ReplicaSet or StatefulSet; fix the name or remove the entry`,
      });
    }
  }
  return out;
}
