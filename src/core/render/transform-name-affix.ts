import { apiGroup } from "../manifest/resource-key.ts";
import { AFFIX_SKIPPED } from "./builtin-field-specs.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec, type FieldSpec } from "./field-spec.ts";
import type { RenderResource } from "./render-resource.ts";
import { cloneObject, currentName } from "./resource-id.ts";

/** A namePrefix or nameSuffix and the fields it applies to (the merged `namePrefix`/`nameSuffix` configuration). */
export interface NameAffix {
  readonly prefix?: string;
  readonly suffix?: string;
  readonly specs: readonly FieldSpec[];
}

/**
 * Returns `resources` renamed with kustomize's namePrefix or nameSuffix, on every field
 * the specs name (metadata.name by default). CRDs, APIServices and Namespaces keep their
 * names, as in kustomize. Each renamed resource remembers its earlier name (for name
 * references and patch targets) and the affix (kustomize picks among same-named referral
 * candidates by their affixes).
 */
export function applyNameAffix(resources: readonly RenderResource[], affix: NameAffix): RenderResource[] {
  const prefix = affix.prefix ?? "";
  const suffix = affix.suffix ?? "";
  if (prefix === "" && suffix === "") return [...resources];
  const specs = affix.specs.map(compileFieldSpec);
  return resources.map((resource) => {
    const group = apiGroup(resource.obj.apiVersion);
    if (AFFIX_SKIPPED.some((s) => s.kind === resource.obj.kind && (s.group === undefined || s.group === group))) return resource;
    const matching = specs.filter((s) => fieldSpecSelects(s, resource.obj));
    if (matching.length === 0) return resource;
    const obj = cloneObject(resource.obj);
    for (const spec of matching) {
      visitFieldSpec(obj, spec, (parent, key) => {
        const value = parent[key];
        if (typeof value === "string" || value === undefined || value === null) parent[key] = `${prefix}${value ?? ""}${suffix}`;
      });
    }
    if (!matching.some((s) => s.path === "metadata/name")) return { ...resource, obj };
    return {
      ...resource,
      obj,
      history: [...resource.history, currentName(resource)],
      prefixes: prefix === "" ? resource.prefixes : [...(resource.prefixes ?? []), prefix],
      suffixes: suffix === "" ? resource.suffixes : [...(resource.suffixes ?? []), suffix],
    };
  });
}
