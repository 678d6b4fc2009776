import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec, type FieldSpec } from "./field-spec.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import type { RenderResource } from "./render-resource.ts";
import { cloneObject } from "./resource-id.ts";

/** One `images` entry of a kustomization. */
export interface ImageOverride {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

/** Returns the name, tag and digest of an image reference, as kustomize splits it. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  // A ":" before the first "/" is a registry port, not a tag.
  let offset = image.indexOf("/");
  if (offset < 0) offset = 0;
  const rest = image.slice(offset);
  const at = rest.indexOf("@");
  const colon = rest.indexOf(":");
  if (colon < 0 && at < 0) return { name: image, tag: "", digest: "" };
  if (at >= 0 && (at < colon || colon < 0)) return { name: image.slice(0, offset + at), tag: "", digest: image.slice(offset + at + 1) };
  if (at >= 0 && colon >= 0) return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1, offset + at), digest: image.slice(offset + at + 1) };
  return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1), digest: "" };
}

/**
 * Returns a matcher for images an entry's `name` selects. kustomize builds a regular
 * expression from the name without escaping it, so "." matches any character there too.
 */
function imageMatcher(name: string): (image: string) => boolean {
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return () => false;
  }
  return (image) => pattern.test(image);
}

function updateImage(image: string, override: ImageOverride): string {
  let { name, tag, digest } = splitImage(image);
  if (override.newName) name = override.newName;
  if (override.newTag && override.digest) {
    tag = override.newTag;
    digest = override.digest;
  } else if (override.newTag) {
    tag = override.newTag;
    digest = "";
  } else if (override.digest) {
    tag = "";
    digest = override.digest;
  }
  return `${name}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
}

/**
 * Returns `resources` with each override applied, in order, as kustomize's image tag
 * transformer does: first to the `image` of every container and init container anywhere
 * in each object (its legacy filter, which covers custom resources with pod templates),
 * then to every field the specs name (the merged `images` configuration), CRDs excepted.
 */
export function applyImages(resources: readonly RenderResource[], overrides: readonly ImageOverride[], specs: readonly FieldSpec[]): RenderResource[] {
  if (overrides.length === 0) return [...resources];
  const compiled = overrides.map((o) => ({ override: o, matches: imageMatcher(o.name) }));
  // kustomize's image filter never creates fields, whatever the specs' `create` says.
  const fieldSpecs = specs.map((s) => compileFieldSpec({ ...s, create: false }));
  return resources.map((resource) => {
    const viaSpecs = resource.obj.kind === "CustomResourceDefinition" ? [] : fieldSpecs.filter((s) => fieldSpecSelects(s, resource.obj));
    if (viaSpecs.length === 0 && !hasContainers(resource.obj)) return resource;
    const obj = cloneObject(resource.obj);
    for (const { override, matches } of compiled) {
      const update = (holder: JsonObject, key: string): void => {
        const image = holder[key];
        if (typeof image === "string" && matches(image)) holder[key] = updateImage(image, override);
      };
      visitContainers(obj, (container) => update(container, "image"));
      for (const spec of viaSpecs) visitFieldSpec(obj, spec, update);
    }
    return { ...resource, obj };
  });
}

function hasContainers(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(hasContainers);
  if (!isJsonObject(value)) return false;
  for (const [key, child] of Object.entries(value)) {
    if ((key === "containers" || key === "initContainers") && Array.isArray(child)) return true;
    if (typeof child === "object" && child !== null && hasContainers(child)) return true;
  }
  return false;
}

function visitContainers(value: JsonValue, visit: (container: { [key: string]: JsonValue }) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) visitContainers(item, visit);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if ((key === "containers" || key === "initContainers") && Array.isArray(child)) {
      for (const container of child) if (isJsonObject(container)) visit(container);
    }
    if (typeof child === "object" && child !== null) visitContainers(child, visit);
  }
}
