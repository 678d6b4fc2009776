import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { bindVars, type BoundVar } from "./apply-vars.ts";
import { applyReplacements } from "./apply-replacements.ts";
import { COMMON_ANNOTATION_FIELD_SPECS, COMMON_LABEL_FIELD_SPECS, TEMPLATE_LABEL_FIELD_SPECS } from "./builtin-field-specs.ts";
import { looksRemote, remoteError, resolveEntry, restrictorError, type BuildContext } from "./build-context.ts";
import type { FieldSpec } from "./field-spec.ts";
import { generateResource, mergeGeneratedResource } from "./generate-resource.ts";
import { findKustomizationFile, loadKustomization, mapList, stringList, stringMap, type Kustomization } from "./load-kustomization.ts";
import type { RenderResource } from "./render-resource.ts";
import { allIdsOf, describeResource, idOf } from "./resource-id.ts";
import { readKustomizationFile, runPatches, runPatchesJson6902, runPatchesStrategicMerge } from "./run-patches.ts";
import { applyImages, type ImageOverride } from "./transform-images.ts";
import { applyMetadataMap } from "./transform-metadata-map.ts";
import { applyNameAffix } from "./transform-name-affix.ts";
import { applyNamespace } from "./transform-namespace.ts";
import { applyReplicas, type ReplicaOverride } from "./transform-replicas.ts";
import { parseManifestFile, parseYamlDocuments } from "./yaml-io.ts";

/** What a kustomization has built so far: resources in accumulation order, and its vars. */
export interface Accumulator {
  readonly resources: RenderResource[];
  readonly vars: BoundVar[];
}

/**
 * Tracks the ids in an accumulator so appending stays linear: adding a resource whose
 * id is already present is an error, as in kustomize.
 */
class IdSet {
  private readonly ids = new Set<string>();

  constructor(resources: readonly RenderResource[]) {
    for (const r of resources) this.ids.add(idOf(r.obj));
  }

  add(r: RenderResource, file: string): void {
    const id = idOf(r.obj);
    if (this.ids.has(id)) {
      throw new RenderError({
        file,
        message: `${describeResource(r.obj)} is defined twice (again from "${r.source}", accumulated by "${file}"); remove one, or give one a namePrefix, nameSuffix or namespace`,
      });
    }
    this.ids.add(id);
  }
}

function isInside(path: string, dir: string): boolean {
  return dir === "" || path.startsWith(`${dir}/`);
}

/**
 * Builds the kustomization `k` onto `acc` in kustomize's order: resources (files and
 * nested kustomizations), generators, components, then this kustomization's
 * transformers, then its vars. `stack` holds the directories being built, for cycles.
 */
export async function accumulateTarget(ctx: BuildContext, k: Kustomization, acc: Accumulator, stack: readonly string[]): Promise<Accumulator> {
  acc = await accumulateResources(ctx, k, acc, stack);
  acc = await runGenerators(ctx, k, acc);
  for (const entry of k.components) acc = await accumulateDirectory({ ctx, parent: k, entry, field: "components", acc, stack });
  const resources = await runTransformers(ctx, k, acc.resources);
  const vars = k.raw.vars === undefined || k.raw.vars === null ? acc.vars : bindVars({ resources, accumulated: acc.vars, raw: k.raw.vars, file: k.file });
  return { resources, vars };
}

async function accumulateResources(ctx: BuildContext, k: Kustomization, acc: Accumulator, stack: readonly string[]): Promise<Accumulator> {
  const resources = [...acc.resources];
  let vars = acc.vars;
  const ids = new IdSet(resources);
  for (const entry of k.resources) {
    const path = resolveEntry({ dir: k.dir, entry, field: "resources", file: k.file });
    const stat = ctx.stat(path);
    if (stat === undefined) {
      if (looksRemote(entry)) throw remoteError(entry, "resources", k.file);
      throw new RenderError({ file: k.file, message: `resources entry "${entry}" in "${k.file}" does not exist; fix the path or remove the entry` });
    }
    if (stat.type === "dir") {
      const built = await accumulateDirectory({ ctx, parent: k, entry, field: "resources", acc: { resources: [], vars }, stack });
      for (const r of built.resources) {
        ids.add(r, k.file);
        resources.push(r);
      }
      vars = built.vars;
      continue;
    }
    if (!isInside(path, k.dir)) throw restrictorError(path, k.dir, k.file);
    ctx.checkUnder(path, k.dir, k.file);
    for (const obj of parseManifestFile(await ctx.read(path, k.file), path, ctx)) {
      const r: RenderResource = { obj, source: path, history: [] };
      ids.add(r, k.file);
      resources.push(r);
    }
  }
  return { resources, vars };
}

async function accumulateDirectory(params: { ctx: BuildContext; parent: Kustomization; entry: string; field: "resources" | "components"; acc: Accumulator; stack: readonly string[] }): Promise<Accumulator> {
  const { ctx, parent, entry, field, acc, stack } = params;
  const dir = resolveEntry({ dir: parent.dir, entry, field, file: parent.file });
  const stat = ctx.stat(dir);
  if (stat?.type !== "dir") {
    if (stat === undefined && looksRemote(entry)) throw remoteError(entry, field, parent.file);
    throw new RenderError({ file: parent.file, message: `${field} entry "${entry}" in "${parent.file}" is not a directory; components must be directories with a kustomization` });
  }
  // kustomize refuses a directory that is, or contains, one being built: it would recurse forever.
  const cycle = stack.find((d) => d === dir || dir === "" || d.startsWith(`${dir}/`));
  if (cycle !== undefined) {
    throw new RenderError({ file: parent.file, message: `${field} entry "${entry}" in "${parent.file}" makes a cycle: "${dir || "."}" contains "${cycle || "."}", which is being built; refer to a directory outside it` });
  }
  const file = findKustomizationFile(ctx, dir);
  if (file === undefined) {
    throw new RenderError({ file: parent.file, message: `${field} entry "${entry}" in "${parent.file}" is a directory without a kustomization.yaml; add one or list its files instead` });
  }
  const sub = await loadKustomization(ctx, dir, file);
  if (field === "components" && sub.kind !== "Component") {
    throw new RenderError({ file: parent.file, message: `components entry "${entry}" in "${parent.file}" is a ${sub.kind}, not a Component; list it under resources or set kind: Component` });
  }
  if (field === "resources" && sub.kind === "Component") {
    throw new RenderError({ file: parent.file, message: `resources entry "${entry}" in "${parent.file}" is a Component; list it under components` });
  }
  const nextStack = [...stack, dir];
  if (field === "components") return accumulateTarget(ctx, sub, acc, nextStack);
  const built = await accumulateTarget(ctx, sub, { resources: [], vars: [] }, nextStack);
  const names = new Set(acc.vars.map((v) => v.name));
  for (const v of built.vars) {
    if (names.has(v.name)) throw new RenderError({ file: sub.file, message: `var "${v.name}" is declared twice (again in "${v.file}"); rename one` });
  }
  // The caller appends `built.resources` to what it has accumulated, checking ids.
  return { resources: [...acc.resources, ...built.resources], vars: [...acc.vars, ...built.vars] };
}

async function runGenerators(ctx: BuildContext, k: Kustomization, acc: Accumulator): Promise<Accumulator> {
  const specs: { kind: "ConfigMap" | "Secret"; spec: JsonObject }[] = [
    ...mapList(k.raw, "configMapGenerator", k.file).map((spec) => ({ kind: "ConfigMap" as const, spec })),
    ...mapList(k.raw, "secretGenerator", k.file).map((spec) => ({ kind: "Secret" as const, spec })),
  ];
  if (specs.length === 0) return acc;
  const resources = [...acc.resources];
  // Every id each resource has had → its positions, so absorbing N generators stays linear.
  const byAnyId = new Map<string, number[]>();
  const index = (r: RenderResource, i: number): void => {
    for (const id of new Set(allIdsOf(r))) byAnyId.set(id, [...(byAnyId.get(id) ?? []), i]);
  };
  resources.forEach(index);
  const ids = new IdSet(resources);
  for (const { kind, spec } of specs) {
    const generated = await generateResource({
      tree: ctx.restrictedTree(k.dir, k.file),
      dir: k.dir,
      file: k.file,
      kind,
      spec,
      ...(k.raw.generatorOptions !== undefined ? { generatorOptions: k.raw.generatorOptions } : {}),
    });
    const id = idOf(generated.obj);
    const matches = byAnyId.get(id) ?? [];
    const behavior = generated.generator?.behavior ?? "create";
    if (matches.length === 0) {
      if (behavior !== "create") {
        throw new RenderError({ file: k.file, message: `${kind} generator "${generated.obj.metadata.name ?? ""}" in "${k.file}" has behavior ${behavior} but no ${kind} of that name exists in its bases; use behavior create or fix the name` });
      }
      ids.add(generated, k.file);
      resources.push(generated);
      index(generated, resources.length - 1);
      continue;
    }
    if (matches.length > 1) {
      throw new RenderError({ file: k.file, message: `${kind} generator "${generated.obj.metadata.name ?? ""}" in "${k.file}" matches ${matches.length} existing objects; give it a namespace` });
    }
    const at = matches[0] as number;
    const existing = resources[at] as RenderResource;
    if (behavior === "create") {
      throw new RenderError({ file: k.file, message: `${kind} generator "${generated.obj.metadata.name ?? ""}" in "${k.file}" creates ${describeResource(existing.obj)}, which already exists; use behavior merge or replace` });
    }
    const merged = mergeGeneratedResource(existing, generated, behavior);
    resources[at] = { ...merged, history: existing.history, prefixes: existing.prefixes, suffixes: existing.suffixes };
  }
  return { resources, vars: acc.vars };
}

function parseImages(k: Kustomization): ImageOverride[] {
  const entries = [...mapList(k.raw, "images", k.file), ...mapList(k.raw, "imageTags", k.file)];
  return entries.map((e) => {
    const text = (key: string): string | undefined => {
      const v = e[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v === "string") return v;
      if (typeof v === "number") return String(v);
      throw new RenderError({ file: k.file, message: `images.${key} in "${k.file}" must be a string` });
    };
    const name = text("name");
    if (name === undefined) throw new RenderError({ file: k.file, message: `an images entry in "${k.file}" has no name; add the image name to replace` });
    return { name, newName: text("newName"), newTag: text("newTag"), digest: text("digest") };
  });
}

function parseReplicas(k: Kustomization): ReplicaOverride[] {
  return mapList(k.raw, "replicas", k.file).map((e) => {
    if (typeof e.name !== "string" || typeof e.count !== "number" || !Number.isInteger(e.count)) {
      throw new RenderError({ file: k.file, message: `a replicas entry in "${k.file}" needs a name and an integer count` });
    }
    return { name: e.name, count: e.count };
  });
}

function parseLabels(k: Kustomization): { pairs: Record<string, string>; specs: FieldSpec[] }[] {
  return mapList(k.raw, "labels", k.file).map((e) => {
    for (const key of Object.keys(e)) {
      if (!["pairs", "includeSelectors", "includeTemplates", "fields"].includes(key)) throw new RenderError({ file: k.file, message: `a labels entry in "${k.file}" has an unknown field "${key}"` });
    }
    if (e.fields !== undefined && e.fields !== null) throw new RenderError({ code: "render-unsupported", file: k.file, message: `labels.fields in "${k.file}" (custom label field specs) is not supported by Ferry's renderer; remove it` });
    const pairs = stringMap(e.pairs, "labels.pairs", k.file);
    if (e.includeSelectors === true) return { pairs, specs: [...COMMON_LABEL_FIELD_SPECS] };
    const specs: FieldSpec[] = e.includeTemplates === true ? [...TEMPLATE_LABEL_FIELD_SPECS] : [{ path: "metadata/labels", create: true }];
    return { pairs, specs };
  });
}

async function loadReplacements(ctx: BuildContext, k: Kustomization): Promise<JsonValue[]> {
  const out: JsonValue[] = [];
  for (const entry of mapList(k.raw, "replacements", k.file)) {
    if (typeof entry.path === "string") {
      const { path, text } = await readKustomizationFile({ ctx, dir: k.dir, file: k.file }, entry.path, "replacements");
      for (const doc of parseYamlDocuments(text, path, ctx.limits.maxAliases)) {
        if (Array.isArray(doc)) out.push(...doc);
        else out.push(doc);
      }
    } else {
      out.push(entry);
    }
  }
  return out;
}

/**
 * Runs this kustomization's built-in transformers over everything accumulated so far,
 * in kustomize v5.5's order.
 */
async function runTransformers(ctx: BuildContext, k: Kustomization, input: RenderResource[]): Promise<RenderResource[]> {
  const scope = { ctx, dir: k.dir, file: k.file };
  const raw = k.raw;
  let resources = input;
  const psm = stringList(raw, "patchesStrategicMerge", k.file);
  if (psm.length > 0) resources = await runPatchesStrategicMerge(resources, psm, scope);
  const patches = mapList(raw, "patches", k.file);
  if (patches.length > 0) resources = await runPatches(resources, patches, scope);
  if (typeof raw.namespace === "string" && raw.namespace !== "") resources = applyNamespace(resources, raw.namespace, k.file);
  else if (raw.namespace !== undefined && raw.namespace !== null && typeof raw.namespace !== "string") throw new RenderError({ file: k.file, message: `"namespace" in "${k.file}" must be a string` });
  const prefix = optionalString(raw, "namePrefix", k.file);
  if (prefix) resources = applyNameAffix(resources, { prefix });
  const suffix = optionalString(raw, "nameSuffix", k.file);
  if (suffix) resources = applyNameAffix(resources, { suffix });
  for (const label of parseLabels(k)) resources = applyMetadataMap({ resources, values: label.pairs, specs: label.specs, file: k.file, field: "labels" });
  const commonLabels = stringMap(raw.commonLabels, "commonLabels", k.file);
  resources = applyMetadataMap({ resources, values: commonLabels, specs: COMMON_LABEL_FIELD_SPECS, file: k.file, field: "commonLabels" });
  const commonAnnotations = stringMap(raw.commonAnnotations, "commonAnnotations", k.file);
  resources = applyMetadataMap({ resources, values: commonAnnotations, specs: COMMON_ANNOTATION_FIELD_SPECS, file: k.file, field: "commonAnnotations" });
  const json6902 = mapList(raw, "patchesJson6902", k.file);
  if (json6902.length > 0) resources = await runPatchesJson6902(resources, json6902, scope);
  const replicas = parseReplicas(k);
  if (replicas.length > 0) resources = applyReplicas(resources, replicas, k.file);
  const images = parseImages(k);
  if (images.length > 0) resources = applyImages(resources, images);
  const replacements = await loadReplacements(ctx, k);
  if (replacements.length > 0) resources = applyReplacements(resources, replacements, { file: k.file });
  return resources;
}

function optionalString(raw: JsonObject, field: string, file: string): string | undefined {
  const v = raw[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new RenderError({ file, message: `"${field}" in "${file}" must be a string` });
  return v;
}

