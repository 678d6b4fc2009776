import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { restrictorError, type BuildContext } from "./build-context.ts";
import { applyJson6902Patch } from "./json6902-patch.ts";
import type { RenderResource } from "./render-resource.ts";
import { allIdsOf, currentName, describeResource, idOf } from "./resource-id.ts";
import { matchesTarget, parseTarget, type Target } from "./select-resources.ts";
import { checkReplacementFields } from "./replacement-fields.ts";
import type { MergeSchemas } from "./openapi-schema.ts";
import { applyStrategicMergePatch } from "./strategic-merge-patch.ts";
import { parseYamlDocuments } from "./yaml-io.ts";
import { resolveTreePath } from "../tree/tree-path.ts";

type SmpOptions = { allowNameChange: boolean; allowKindChange: boolean; file: string; schemas?: MergeSchemas | undefined };

/** Where patches come from: the kustomization being built. */
export interface PatchScope {
  readonly ctx: BuildContext;
  readonly dir: string;
  readonly file: string;
}

/** Returns the text of a patch file named in the kustomization, under kustomize's load restrictor. */
export async function readKustomizationFile(scope: PatchScope, entry: string, field: string): Promise<{ path: string; text: string }> {
  const path = resolveTreePath(scope.dir, entry);
  if (path === undefined) throw new RenderError({ file: scope.file, message: `${field} entry "${entry}" in "${scope.file}" leaves the repository; refer only to paths inside it` });
  if (!(scope.dir === "" || path.startsWith(`${scope.dir}/`))) throw restrictorError(path, scope.dir, scope.file);
  scope.ctx.checkUnder(path, scope.dir, scope.file);
  if (scope.ctx.stat(path)?.type !== "file") {
    throw new RenderError({ file: scope.file, message: `${field} entry "${entry}" in "${scope.file}" names a file that does not exist; fix the path` });
  }
  return { path, text: await scope.ctx.read(path, scope.file) };
}

/** Applies one strategic merge patch to one resource; name, kind and namespace stay unless options allow. */
function applySmp(resource: RenderResource, patch: JsonObject, options: SmpOptions): RenderResource | undefined {
  const obj = applyStrategicMergePatch(resource.obj, patch, options);
  if (obj === undefined) return undefined;
  // kustomize records the old id whenever a patch may rename, so references still resolve.
  const history = options.allowNameChange || options.allowKindChange ? [...resource.history, currentName(resource)] : resource.history;
  return { ...resource, obj, history };
}

/**
 * Returns a patch file's documents as kustomize reads them: a strategic merge patch is
 * walked as YAML nodes, where the first of a repeated key counts; a JSON 6902 patch is
 * turned into JSON first, where the last one does.
 */
function patchDocs(text: string, file: string, maxAliases: number): JsonValue[] {
  const docs = parseYamlDocuments(text, file, maxAliases, "first");
  return docs.length === 1 && Array.isArray(docs[0]) ? parseYamlDocuments(text, file, maxAliases, "last") : docs;
}

/** Finds the one resource a target-less strategic merge patch names (by any of its ids). */
function findPatchTarget(resources: readonly RenderResource[], patch: JsonObject, file: string): number {
  if (typeof patch.apiVersion !== "string" || typeof patch.kind !== "string" || !isJsonObject(patch.metadata) || typeof patch.metadata.name !== "string") {
    throw new RenderError({ file, message: `a strategic merge patch in "${file}" has no apiVersion, kind or metadata.name; add them or give the patch a target` });
  }
  const id = idOf(patch as KubeObject);
  const matches: number[] = [];
  resources.forEach((r, i) => {
    if (allIdsOf(r).includes(id)) matches.push(i);
  });
  if (matches.length === 0) {
    throw new RenderError({ file, message: `the strategic merge patch for ${describeResource(patch as KubeObject)} in "${file}" matches no resource; fix its apiVersion, kind, name or namespace` });
  }
  if (matches.length > 1) {
    throw new RenderError({ file, message: `the strategic merge patch for ${describeResource(patch as KubeObject)} in "${file}" matches ${matches.length} resources; give it a namespace or a target` });
  }
  return matches[0] as number;
}

function applySmpById(resources: RenderResource[], patch: JsonObject, file: string, options: SmpOptions): RenderResource[] {
  const i = findPatchTarget(resources, patch, file);
  const patched = applySmp(resources[i] as RenderResource, patch, options);
  if (patched === undefined) return resources.filter((_, j) => j !== i);
  const out = [...resources];
  out[i] = patched;
  return out;
}

function applySmpToTargets(resources: RenderResource[], patches: readonly JsonObject[], target: Target, options: SmpOptions): RenderResource[] {
  let out = resources;
  for (const patch of patches) {
    const next: RenderResource[] = [];
    for (const resource of out) {
      if (!matchesTarget(resource, target)) {
        next.push(resource);
        continue;
      }
      const copy = structuredClone(patch);
      const meta = isJsonObject(copy.metadata) ? copy.metadata : {};
      meta.name = resource.obj.metadata.name ?? "";
      if (resource.obj.metadata.namespace !== undefined) meta.namespace = resource.obj.metadata.namespace;
      else delete meta.namespace;
      copy.metadata = meta;
      copy.apiVersion = resource.obj.apiVersion;
      copy.kind = resource.obj.kind;
      const patched = applySmp(resource, copy, options);
      if (patched !== undefined) next.push(patched);
    }
    out = next;
  }
  return out;
}

function applyJsonToTargets(resources: RenderResource[], ops: JsonValue, target: Target, file: string): RenderResource[] {
  return resources.map((resource) => {
    if (!matchesTarget(resource, target)) return resource;
    const obj = applyJson6902Patch(resource.obj, ops, { file });
    // kustomize applies JSON 6902 to the object's JSON form: annotation source texts are gone.
    const { annotationText: _json, ...rest } = resource;
    return { ...rest, obj, history: [...resource.history, currentName(resource)] };
  });
}

/** `patchesStrategicMerge`: each entry a file or an inline patch, applied to the resource it names. */
export async function runPatchesStrategicMerge(resources: RenderResource[], entries: readonly string[], scope: PatchScope): Promise<RenderResource[]> {
  let out = resources;
  for (const entry of entries) {
    let text = entry;
    let source = scope.file;
    const looksInline = entry.includes("\n") || /^\s*(apiVersion|kind|metadata)\s*:/.test(entry);
    if (!looksInline) ({ text, path: source } = await readKustomizationFile(scope, entry, "patchesStrategicMerge"));
    const docs = patchDocs(text, source, scope.ctx.limits.maxAliases);
    if (docs.length === 0) throw new RenderError({ file: scope.file, message: `patchesStrategicMerge entry "${entry}" in "${scope.file}" holds no patch` });
    for (const doc of docs) {
      if (!isJsonObject(doc)) throw new RenderError({ file: source, message: `a strategic merge patch in "${source}" is not a map` });
      out = applySmpById(out, doc, source, { allowNameChange: false, allowKindChange: false, file: source, schemas: scope.ctx.mergeSchemas });
    }
  }
  return out;
}

/** `patches`: strategic merge or JSON 6902, inline or from a file, by id or by target selector. */
export async function runPatches(resources: RenderResource[], entries: readonly JsonObject[], scope: PatchScope): Promise<RenderResource[]> {
  let out = resources;
  for (const entry of entries) {
    const inline = typeof entry.patch === "string" ? entry.patch.trim() : "";
    const path = typeof entry.path === "string" ? entry.path : "";
    if (inline === "" && path === "") throw new RenderError({ file: scope.file, message: `a patches entry in "${scope.file}" has neither "patch" nor "path"; give one` });
    if (inline !== "" && path !== "") throw new RenderError({ file: scope.file, message: `a patches entry in "${scope.file}" has both "patch" and "path"; keep one` });
    for (const key of Object.keys(entry)) {
      if (!["patch", "path", "target", "options"].includes(key)) throw new RenderError({ file: scope.file, message: `a patches entry in "${scope.file}" has an unknown field "${key}"` });
    }
    let text = inline;
    let source = scope.file;
    if (path !== "") ({ text, path: source } = await readKustomizationFile(scope, path, "patches"));
    const options = isJsonObject(entry.options) ? entry.options : {};
    const smpOptions = { allowNameChange: options.allowNameChange === true, allowKindChange: options.allowKindChange === true, file: source, schemas: scope.ctx.mergeSchemas };
    const target = entry.target === undefined || entry.target === null ? undefined : parseTarget(entry.target, scope.file);
    const docs = patchDocs(text, source, scope.ctx.limits.maxAliases);
    if (docs.length === 1 && Array.isArray(docs[0])) {
      if (target === undefined) throw new RenderError({ file: scope.file, message: `the JSON 6902 patch ${path ? `"${path}" ` : ""}in "${scope.file}" has no target; add a target selector` });
      out = applyJsonToTargets(out, docs[0], target, source);
      continue;
    }
    if (docs.length === 0 || docs.some((d) => !isJsonObject(d))) {
      throw new RenderError({ file: source, message: `the patch ${path ? `"${path}" ` : ""}in "${scope.file}" is neither a strategic merge patch (a map) nor a JSON 6902 patch (a list of operations)` });
    }
    const smps = docs as JsonObject[];
    for (const doc of smps) {
      const name = isJsonObject(doc.metadata) ? doc.metadata.name : undefined;
      // kustomize reads a strategic merge patch as a resource, which needs both.
      if (typeof doc.kind !== "string" || doc.kind === "" || name === undefined || name === null || name === "") {
        throw new RenderError({
          file: source,
          message: `the strategic merge patch ${path ? `"${path}" ` : ""}in "${scope.file}" has no kind or no metadata.name, so kustomize cannot read it as a patch either; add kind and metadata.name (with a target, any name will do)`,
        });
      }
    }
    if (target === undefined) {
      for (const patch of smps) out = applySmpById(out, patch, source, smpOptions);
    } else {
      out = applySmpToTargets(out, smps, target, smpOptions);
    }
  }
  return out;
}

/** `patchesJson6902`: each entry a target plus operations inline (`patch`) or in a file (`path`). */
export async function runPatchesJson6902(resources: RenderResource[], entries: readonly JsonObject[], scope: PatchScope): Promise<RenderResource[]> {
  let out = resources;
  for (const entry of entries) {
    if (entry.target === undefined || entry.target === null) throw new RenderError({ file: scope.file, message: `a patchesJson6902 entry in "${scope.file}" has no target; add one` });
    const target = parseTarget(entry.target, scope.file);
    let text = typeof entry.patch === "string" ? entry.patch : "";
    let source = scope.file;
    if (typeof entry.path === "string") ({ text, path: source } = await readKustomizationFile(scope, entry.path, "patchesJson6902"));
    const docs = patchDocs(text, source, scope.ctx.limits.maxAliases);
    const ops = docs[0];
    if (docs.length !== 1 || !Array.isArray(ops)) throw new RenderError({ file: source, message: `the JSON 6902 patch in "${source}" is not a list of operations` });
    out = applyJsonToTargets(out, ops, target, source);
  }
  return out;
}

/**
 * Returns the replacements of a `replacements:` list, `path:` entries read from their
 * files. Inline entries are checked strictly when `strict` (a kustomization's own list,
 * which kustomize reads strictly); files never are.
 */
export async function loadReplacements(scope: PatchScope, entries: readonly JsonObject[], strict: boolean): Promise<JsonValue[]> {
  const out: JsonValue[] = [];
  for (const entry of entries) {
    if (typeof entry.path === "string") {
      if (entry.source !== undefined || entry.targets !== undefined) {
        throw new RenderError({ file: scope.file, message: `a replacements entry in "${scope.file}" has both path and an inline replacement; keep one` });
      }
      const { path, text } = await readKustomizationFile(scope, entry.path, "replacements");
      for (const doc of parseYamlDocuments(text, path, scope.ctx.limits.maxAliases)) {
        for (const item of Array.isArray(doc) ? doc : [doc]) out.push(checkReplacementFields(item, false, path));
      }
    } else {
      out.push(checkReplacementFields(entry, strict, scope.file));
    }
  }
  return out;
}
