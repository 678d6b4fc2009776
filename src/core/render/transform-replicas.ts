import { RenderError } from "../../errors.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec, type FieldSpec } from "./field-spec.ts";
import type { RenderResource } from "./render-resource.ts";
import { cloneObject } from "./resource-id.ts";

/** One `replicas` entry of a kustomization (or a ReplicaCountTransformer's `replica`). */
export interface ReplicaOverride {
  readonly name: string;
  readonly count: number;
}

/**
 * Returns `resources` with the replica count set, through each spec (the merged
 * `replicas` configuration: spec.replicas of the built-in workload kinds by default), on
 * the resources each entry names by current or earlier name, as kustomize matches. An
 * entry that matches no resource is an error, as in kustomize.
 */
export function applyReplicas(params: { resources: readonly RenderResource[]; overrides: readonly ReplicaOverride[]; specs: readonly FieldSpec[]; file: string }): RenderResource[] {
  const { file } = params;
  const specs = params.specs.map(compileFieldSpec);
  let out = [...params.resources];
  for (const override of params.overrides) {
    let found = false;
    out = out.map((resource) => {
      const named = resource.obj.metadata.name === override.name || resource.history.some((h) => h.name === override.name);
      if (!named) return resource;
      const matching = specs.filter((s) => fieldSpecSelects(s, resource.obj));
      if (matching.length === 0) return resource;
      found = true;
      const obj = cloneObject(resource.obj);
      for (const spec of matching) visitFieldSpec(obj, spec, (parent, key) => (parent[key] = override.count));
      return { ...resource, obj };
    });
    if (!found) {
      const kinds = [...new Set(params.specs.map((s) => s.kind ?? "any kind"))].join(", ");
      throw new RenderError({ file, message: `replicas entry "${override.name}" in "${file}" matches no ${kinds} (the kinds its field specs name); fix the name or remove the entry` });
    }
  }
  return out;
}
