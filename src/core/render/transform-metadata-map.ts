import { RenderError } from "../../errors.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec, type FieldSpec } from "./field-spec.ts";
import type { RenderResource } from "./render-resource.ts";
import { cloneObject, describeResource } from "./resource-id.ts";

/**
 * Returns `resources` with every pair of `values` set in each map the field specs reach
 * (commonLabels, labels, commonAnnotations). Maps are created where a spec says so.
 */
export function applyMetadataMap(params: { resources: readonly RenderResource[]; values: Readonly<Record<string, string>>; specs: readonly FieldSpec[]; file: string; field: string }): RenderResource[] {
  const entries = Object.entries(params.values);
  if (entries.length === 0) return [...params.resources];
  const specs = params.specs.map(compileFieldSpec);
  return params.resources.map((resource) => {
    const matching = specs.filter((s) => fieldSpecSelects(s, resource.obj));
    if (matching.length === 0) return resource;
    const obj = cloneObject(resource.obj);
    for (const spec of matching) {
      visitFieldSpec(obj, spec, (parent, key) => {
        let map = parent[key];
        if (map === undefined || map === null) {
          map = {};
          parent[key] = map;
        }
        if (!isJsonObject(map)) {
          throw new RenderError({ file: params.file, message: `${params.field} in "${params.file}" cannot be added to "${spec.path}" of ${describeResource(obj)}: the field is not a map` });
        }
        for (const [k, v] of entries) map[k] = v;
      });
    }
    return { ...resource, obj };
  });
}
