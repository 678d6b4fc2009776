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
 * transformer does: to the `image` of every container and init container anywhere in
 * each object (its legacy filter, which covers custom resources with pod templates), and
 * to every field the specs name (the merged `images` configuration), CRDs excepted.
 * Objects whose images no override matches are returned as they are.
 */
export function applyImages(resources: readonly RenderResource[], overrides: readonly ImageOverride[], specs: readonly FieldSpec[]): RenderResource[] {
  if (overrides.length === 0) return [...resources];
  const compiled = overrides.map((o) => ({ override: o, matches: imageMatcher(o.name) }));
  // kustomize's image filter never creates fields, whatever the specs' `create` says.
  const fieldSpecs = specs.map((s) => compileFieldSpec({ ...s, create: false }));
  return resources.map((resource) => {
    const viaSpecs = resource.obj.kind === "CustomResourceDefinition" ? [] : fieldSpecs.filter((s) => fieldSpecSelects(s, resource.obj));
    const matchesAny = imageSlots(resource.obj, viaSpecs).some(({ holder, key }) => {
      const image = holder[key];
      return typeof image === "string" && compiled.some((c) => c.matches(image));
    });
    if (!matchesAny) return resource;
    const obj = cloneObject(resource.obj);
    // Each image field sees the overrides in order, as kustomize's one-transformer-per-entry
    // passes would (an update is idempotent, so a field both filters reach is updated once).
    for (const { holder, key } of imageSlots(obj, viaSpecs)) {
      for (const { override, matches } of compiled) {
        const image = holder[key];
        if (typeof image === "string" && matches(image)) holder[key] = updateImage(image, override);
      }
    }
    return { ...resource, obj };
  });
}

/** Returns the image fields of `obj`: every container's `image`, then the specs' fields, each once. */
function imageSlots(obj: JsonValue, specs: readonly ReturnType<typeof compileFieldSpec>[]): { holder: JsonObject; key: string }[] {
  const out: { holder: JsonObject; key: string }[] = [];
  const seen = new Set<JsonObject>();
  visitContainers(obj, (container) => {
    seen.add(container);
    out.push({ holder: container, key: "image" });
  });
  for (const spec of specs) {
    visitFieldSpec(obj, spec, (holder, key) => {
      if (!(key === "image" && seen.has(holder))) out.push({ holder, key });
    });
  }
  return out;
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
