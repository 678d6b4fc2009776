import type { JsonValue } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { apiGroup } from "../manifest/resource-key.ts";
import type { RenderResource } from "./render-resource.ts";
import { RenderError } from "../../errors.ts";
import { effectiveNamespace } from "./resource-id.ts";
import { matchesLabelSelector, parseLabelSelector, type LabelRequirement } from "./label-selector.ts";

/**
 * A kustomize patch or replacement target selector, compiled. group, version, kind,
 * name and namespace are regular expressions anchored at both ends, as kustomize
 * compiles them (`^(?:…)$`); an absent field matches everything.
 */
export interface Target {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
  /** Compiled forms, filled by parseTarget. */
  readonly compiled: {
    readonly group?: RegExp;
    readonly version?: RegExp;
    readonly kind?: RegExp;
    readonly name?: RegExp;
    readonly namespace?: RegExp;
    readonly labels: readonly LabelRequirement[];
    readonly annotations: readonly LabelRequirement[];
  };
}

const FIELDS = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"] as const;

/**
 * Returns the selector in `raw` (a `target:` map, or a replacement's `select`/`reject`
 * entry), compiled; throws RenderError naming `file` for unknown fields, non-string
 * values, bad regular expressions or bad label selectors.
 */
export function parseTarget(raw: JsonValue, file: string): Target {
  if (!isJsonObject(raw)) throw new RenderError({ file, message: `patch target in "${file}" must be a map of group, version, kind, name, namespace, labelSelector, annotationSelector` });
  const t: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new RenderError({ file, message: `patch target in "${file}" has unknown field "${key}"` });
    if (value === null) continue;
    if (typeof value !== "string") throw new RenderError({ file, message: `patch target field "${key}" in "${file}" must be a string` });
    t[key] = value;
  }
  const regex = (key: "group" | "version" | "kind" | "name" | "namespace"): RegExp | undefined => {
    const pattern = t[key];
    if (pattern === undefined || pattern === "") return undefined;
    try {
      return new RegExp(`^(?:${pattern})$`, "u");
    } catch (cause) {
      throw new RenderError({ file, cause, message: `patch target ${key} "${pattern}" in "${file}" is not a valid regular expression` });
    }
  };
  return {
    ...t,
    compiled: {
      group: regex("group"),
      version: regex("version"),
      kind: regex("kind"),
      name: regex("name"),
      namespace: regex("namespace"),
      labels: parseLabelSelector(t.labelSelector ?? "", file),
      annotations: parseLabelSelector(t.annotationSelector ?? "", file),
    },
  };
}

/**
 * Returns true when `resource` is selected by `target`, as kustomize's ResMap.Select
 * decides: name and namespace match either the original (first) or the current value,
 * the namespace of a namespaced object without one is "default", group/version/kind
 * match the current apiVersion and kind, and label/annotation selectors the current
 * metadata.
 */
export function matchesTarget(resource: RenderResource, target: Target): boolean {
  const c = target.compiled;
  const obj = resource.obj;
  const original = resource.history[0];
  if (c.namespace) {
    const cur = effectiveNamespace(obj, obj.metadata.namespace);
    const org = original ? effectiveNamespace(obj, original.namespace) : cur;
    if (!c.namespace.test(org) && !c.namespace.test(cur)) return false;
  }
  if (c.name) {
    const cur = obj.metadata.name ?? "";
    const org = original ? original.name : cur;
    if (!c.name.test(org) && !c.name.test(cur)) return false;
  }
  if (c.group && !c.group.test(apiGroup(obj.apiVersion))) return false;
  if (c.version && !c.version.test(apiVersionOnly(obj.apiVersion))) return false;
  if (c.kind && !c.kind.test(obj.kind)) return false;
  if (c.labels.length > 0 && !matchesLabelSelector(c.labels, obj.metadata.labels ?? {})) return false;
  if (c.annotations.length > 0 && !matchesLabelSelector(c.annotations, obj.metadata.annotations ?? {})) return false;
  return true;
}

/** Returns the resources `target` selects, in order. Linear in the number of resources. */
export function selectResources(resources: readonly RenderResource[], target: Target): RenderResource[] {
  return resources.filter((r) => matchesTarget(r, target));
}

function apiVersionOnly(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}
