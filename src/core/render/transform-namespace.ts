import { RenderError } from "../../errors.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { NAMESPACE_FIELD_SPECS } from "./builtin-field-specs.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec } from "./field-spec.ts";
import type { RenderResource } from "./render-resource.ts";
import { cloneObject, currentName, describeResource, idOf, isClusterScoped } from "./resource-id.ts";

const SPECS = NAMESPACE_FIELD_SPECS.map(compileFieldSpec);

/**
 * Returns `resources` moved into `namespace` as kustomize's namespace transformer does:
 * metadata.namespace on namespaced kinds, the name of Namespace objects, and the
 * namespace of RoleBinding / ClusterRoleBinding subjects named "default" (kustomize's
 * default-subjects-only mode). Throws when two resources end up with one id.
 */
export function applyNamespace(resources: readonly RenderResource[], namespace: string, file: string): RenderResource[] {
  const out: RenderResource[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    const obj = cloneObject(resource.obj);
    if (!isClusterScoped(obj)) obj.metadata.namespace = namespace;
    if ((obj.kind === "RoleBinding" || obj.kind === "ClusterRoleBinding") && Array.isArray(obj.subjects)) {
      for (const subject of obj.subjects) {
        if (isJsonObject(subject) && subject.name === "default") subject.namespace = namespace;
      }
    }
    for (const spec of SPECS) {
      if (fieldSpecSelects(spec, obj)) visitFieldSpec(obj, spec, (parent, key) => (parent[key] = namespace));
    }
    const id = idOf(obj);
    if (seen.has(id)) {
      throw new RenderError({
        file,
        message: `namespace "${namespace}" in "${file}" gives two resources the same id (${describeResource(obj)}); rename one of them or drop the namespace field`,
      });
    }
    seen.add(id);
    out.push({ ...resource, obj, history: [...resource.history, currentName(resource)] });
  }
  return out;
}
