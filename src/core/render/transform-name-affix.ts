import { apiGroup } from "../manifest/resource-key.ts";
import { AFFIX_SKIPPED } from "./builtin-field-specs.ts";
import type { RenderResource } from "./render-resource.ts";
import { cloneObject, currentName } from "./resource-id.ts";

/**
 * Returns `resources` renamed with kustomize's namePrefix or nameSuffix. CRDs,
 * APIServices and Namespaces keep their names, as in kustomize. Each renamed resource
 * remembers its earlier name (for name references and patch targets) and the affix
 * (kustomize picks among same-named referral candidates by their affixes).
 */
export function applyNameAffix(resources: readonly RenderResource[], affix: { prefix?: string; suffix?: string }): RenderResource[] {
  const prefix = affix.prefix ?? "";
  const suffix = affix.suffix ?? "";
  if (prefix === "" && suffix === "") return [...resources];
  return resources.map((resource) => {
    const group = apiGroup(resource.obj.apiVersion);
    if (AFFIX_SKIPPED.some((s) => s.kind === resource.obj.kind && (s.group === undefined || s.group === group))) return resource;
    const obj = cloneObject(resource.obj);
    obj.metadata.name = `${prefix}${obj.metadata.name ?? ""}${suffix}`;
    return {
      ...resource,
      obj,
      history: [...resource.history, currentName(resource)],
      prefixes: prefix === "" ? resource.prefixes : [...(resource.prefixes ?? []), prefix],
      suffixes: suffix === "" ? resource.suffixes : [...(resource.suffixes ?? []), suffix],
    };
  });
}
