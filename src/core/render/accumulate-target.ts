import { RenderError } from "../../errors.ts";
import type { JsonObject } from "../manifest/kube-object.ts";
import { bindVars, type BoundVar } from "./apply-vars.ts";
import { applyReplacements } from "./apply-replacements.ts";
import { BUILTIN_TRANSFORMER_CONFIG } from "./builtin-field-specs.ts";
import { parseCrdDefinitions } from "./crd-config.ts";
import { parseOpenApiSchema } from "./openapi-schema.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { looksRemote, remoteError, resolveEntry, restrictorError, type BuildContext } from "./build-context.ts";
import type { FieldSpec } from "./field-spec.ts";
import { findKustomizationFile, loadKustomization, mapList, stringList, stringMap, type Kustomization } from "./load-kustomization.ts";
import type { RenderResource } from "./render-resource.ts";
import { describeResource, idOf } from "./resource-id.ts";
import { loadReplacements, readKustomizationFile, runPatches, runPatchesJson6902, runPatchesStrategicMerge } from "./run-patches.ts";
import { runGenerators, type GeneratorEntry } from "./run-generators.ts";
import { parseInlinePluginConfigs, runGeneratorPlugins, runTransformerPlugins } from "./run-plugin-configs.ts";
import { EMPTY_TRANSFORMER_CONFIG, mergeFieldSpecs, mergeTransformerConfigs, parseFieldSpecs, parseTransformerConfig, type TransformerConfig } from "./transformer-config.ts";
import { applyImages, type ImageOverride } from "./transform-images.ts";
import { applyMetadataMap } from "./transform-metadata-map.ts";
import { applyNameAffix } from "./transform-name-affix.ts";
import { applyNamespace } from "./transform-namespace.ts";
import { applyReplicas, type ReplicaOverride } from "./transform-replicas.ts";
import { parseManifestResources, parseYamlDocuments } from "./yaml-io.ts";

/** What a kustomization has built so far: resources in accumulation order, and its vars. */
export interface Accumulator {
  readonly resources: RenderResource[];
  readonly vars: BoundVar[];
  /** The transformer configuration merged so far: the built-in one, its bases' and its own `configurations:`. */
  readonly config: TransformerConfig;
}

/** Returns an accumulator with nothing in it, as a kustomization build starts. */
export function emptyAccumulator(): Accumulator {
  return { resources: [], vars: [], config: EMPTY_TRANSFORMER_CONFIG };
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
  await loadOpenApi(ctx, k);
  acc = await accumulateResources(ctx, k, acc, stack);
  const own = mergeTransformerConfigs(BUILTIN_TRANSFORMER_CONFIG, await loadConfigurations(ctx, k), k.file);
  acc = { ...acc, config: mergeTransformerConfigs(acc.config, own, k.file) };
  acc = await runKustomizationGenerators(ctx, k, acc);
  const loadConfigs = (field: "transformers" | "generators"): Promise<RenderResource[]> => loadPluginConfigs(ctx, k, field, stack);
  acc = { ...acc, resources: await runGeneratorPlugins({ ctx, k, resources: acc.resources, configs: await loadConfigs("generators") }) };
  for (const entry of k.components) acc = await accumulateDirectory({ ctx, parent: k, entry, field: "components", acc, stack });
  let resources = await runTransformers(ctx, k, acc.resources, acc.config);
  resources = await runTransformerPlugins({ ctx, k, resources, configs: await loadConfigs("transformers") });
  const vars = k.raw.vars === undefined || k.raw.vars === null ? acc.vars : bindVars({ resources, accumulated: acc.vars, raw: k.raw.vars, file: k.file });
  return { resources, vars, config: acc.config };
}

/**
 * Reads the kustomization's `openapi:` field: `path` (a file in its directory) sets the
 * merge schema for the rest of the build, as kustomize's global schema does; `version`
 * may only name the built-in one, as in kustomize.
 */
async function loadOpenApi(ctx: BuildContext, k: Kustomization): Promise<void> {
  const raw = k.raw.openapi;
  if (!isJsonObject(raw) || Object.keys(raw).length === 0) return;
  for (const key of Object.keys(raw)) {
    if (key !== "path" && key !== "version") throw new RenderError({ file: k.file, message: `openapi in "${k.file}" has the unknown key "${key}"; give path (a schema file) or version` });
  }
  const { path: entry, version } = raw;
  if (typeof entry === "string" && entry !== "") {
    if (version !== undefined && version !== null && version !== "") throw new RenderError({ file: k.file, message: `openapi in "${k.file}" gives both path and version; keep one` });
    const { path, text } = await readKustomizationFile({ ctx, dir: k.dir, file: k.file }, entry, "openapi");
    const docs = parseYamlDocuments(text, path, ctx.limits.maxAliases, "last");
    ctx.mergeSchemas = parseOpenApiSchema(docs[0] ?? null, path);
    return;
  }
  if (typeof version === "string" && version !== "" && version !== "v1.21.2") {
    throw new RenderError({ file: k.file, message: `openapi version "${version}" in "${k.file}" is not built into kustomize (only v1.21.2 is; kubectl kustomize refuses it too); remove it, or give a schema file as openapi.path` });
  }
}

/** Returns the merged transformer configuration of the kustomization's `crds:` and `configurations:` files. */
async function loadConfigurations(ctx: BuildContext, k: Kustomization): Promise<TransformerConfig> {
  let config = EMPTY_TRANSFORMER_CONFIG;
  for (const entry of stringList(k.raw, "configurations", k.file)) {
    const { path, text } = await readKustomizationFile({ ctx, dir: k.dir, file: k.file }, entry, "configurations");
    const docs = parseYamlDocuments(text, path, ctx.limits.maxAliases);
    config = mergeTransformerConfigs(config, parseTransformerConfig(docs[0] ?? null, path), path);
  }
  // kustomize merges the `crds:` definitions into the accumulated config before the configurations.
  let crds = EMPTY_TRANSFORMER_CONFIG;
  for (const entry of stringList(k.raw, "crds", k.file)) {
    const { path, text } = await readKustomizationFile({ ctx, dir: k.dir, file: k.file }, entry, "crds");
    const docs = parseYamlDocuments(text, path, ctx.limits.maxAliases, "last", true);
    crds = mergeTransformerConfigs(crds, parseCrdDefinitions(docs[0] ?? null, path), path);
  }
  return mergeTransformerConfigs(crds, config, k.file);
}

/**
 * Returns the plugin configs a `transformers:` or `generators:` list names: inline YAML
 * entries as they are, other entries built as resources (a file, or a directory with
 * its own kustomization), as kustomize loads them.
 */
async function loadPluginConfigs(ctx: BuildContext, k: Kustomization, field: "transformers" | "generators", stack: readonly string[]): Promise<RenderResource[]> {
  const entries = stringList(k.raw, field, k.file);
  if (entries.length === 0) return [];
  const inline: RenderResource[] = [];
  const paths: string[] = [];
  for (const entry of entries) {
    const configs = parseInlinePluginConfigs(entry, k.file, ctx.limits.maxAliases);
    if (configs === undefined) paths.push(entry);
    else inline.push(...configs.map((obj) => ({ obj, source: k.file, history: [] })));
  }
  const built = await accumulateResources(ctx, { ...k, resources: paths }, emptyAccumulator(), stack, field);
  return [...inline, ...built.resources];
}

async function accumulateResources(ctx: BuildContext, k: Kustomization, acc: Accumulator, stack: readonly string[], field = "resources"): Promise<Accumulator> {
  const resources = [...acc.resources];
  let vars = acc.vars;
  let config = acc.config;
  const ids = new IdSet(resources);
  for (const entry of k.resources) {
    const path = resolveEntry({ dir: k.dir, entry, field, file: k.file });
    const stat = ctx.stat(path);
    if (stat === undefined) {
      if (looksRemote(entry)) throw remoteError(entry, field, k.file);
      throw new RenderError({ file: k.file, message: `${field} entry "${entry}" in "${k.file}" does not exist; fix the path or remove the entry` });
    }
    if (stat.type === "dir") {
      const built = await accumulateDirectory({ ctx, parent: k, entry, field: "resources", acc: { resources: [], vars, config }, stack });
      for (const r of built.resources) {
        ids.add(r, k.file);
        resources.push(r);
      }
      vars = built.vars;
      config = built.config;
      continue;
    }
    if (!isInside(path, k.dir)) throw restrictorError(path, k.dir, k.file);
    ctx.checkUnder(path, k.dir, k.file);
    for (const r of parseManifestResources(await ctx.read(path, k.file), path, ctx)) {
      ids.add(r, k.file);
      resources.push(r);
    }
  }
  return { resources, vars, config };
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
  const built = await accumulateTarget(ctx, sub, emptyAccumulator(), nextStack);
  const names = new Set(acc.vars.map((v) => v.name));
  for (const v of built.vars) {
    if (names.has(v.name)) throw new RenderError({ file: sub.file, message: `var "${v.name}" is declared twice (again in "${v.file}"); rename one` });
  }
  // The caller appends `built.resources` to what it has accumulated, checking ids.
  return { resources: [...acc.resources, ...built.resources], vars: [...acc.vars, ...built.vars], config: mergeTransformerConfigs(acc.config, built.config, sub.file) };
}

async function runKustomizationGenerators(ctx: BuildContext, k: Kustomization, acc: Accumulator): Promise<Accumulator> {
  const generatorOptions = k.raw.generatorOptions;
  const entries: GeneratorEntry[] = [
    ...mapList(k.raw, "configMapGenerator", k.file).map((spec) => ({ kind: "ConfigMap" as const, spec, generatorOptions })),
    ...mapList(k.raw, "secretGenerator", k.file).map((spec) => ({ kind: "Secret" as const, spec, generatorOptions })),
  ];
  if (entries.length === 0) return acc;
  return { ...acc, resources: await runGenerators({ ctx, dir: k.dir, file: k.file, entries, resources: acc.resources }) };
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
    if (text("tagSuffix")) throw new RenderError({ code: "render-unsupported", file: k.file, message: `images.tagSuffix in "${k.file}" is not supported by Ferry's renderer; put the full tag in newTag, or render this directory with kustomize itself` });
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

function parseLabels(k: Kustomization, config: TransformerConfig): { pairs: Record<string, string>; specs: FieldSpec[] }[] {
  return mapList(k.raw, "labels", k.file).map((e) => {
    for (const key of Object.keys(e)) {
      if (!["pairs", "includeSelectors", "includeTemplates", "fields"].includes(key)) throw new RenderError({ file: k.file, message: `a labels entry in "${k.file}" has an unknown field "${key}"` });
    }
    const pairs = stringMap(e.pairs, "labels.pairs", k.file);
    // kustomize starts from the entry's own `fields` and adds the defaults its flags ask for.
    const own = mergeFieldSpecs(parseFieldSpecs(e.fields, "labels.fields", k.file), config.labels, k.file);
    if (e.includeSelectors === true) return { pairs, specs: mergeFieldSpecs(own, config.commonLabels, k.file) };
    const specs = mergeFieldSpecs(own, [{ path: "metadata/labels", create: true }], k.file);
    return { pairs, specs: e.includeTemplates === true ? mergeFieldSpecs(specs, config.templateLabels, k.file) : specs };
  });
}

/**
 * Runs this kustomization's built-in transformers over everything accumulated so far,
 * in kustomize v5.5's order.
 */
async function runTransformers(ctx: BuildContext, k: Kustomization, input: RenderResource[], config: TransformerConfig): Promise<RenderResource[]> {
  const scope = { ctx, dir: k.dir, file: k.file };
  const raw = k.raw;
  let resources = input;
  const psm = stringList(raw, "patchesStrategicMerge", k.file);
  if (psm.length > 0) resources = await runPatchesStrategicMerge(resources, psm, scope);
  const patches = mapList(raw, "patches", k.file);
  if (patches.length > 0) resources = await runPatches(resources, patches, scope);
  if (typeof raw.namespace === "string" && raw.namespace !== "") resources = applyNamespace(resources, { namespace: raw.namespace, specs: config.namespace, file: k.file });
  else if (raw.namespace !== undefined && raw.namespace !== null && typeof raw.namespace !== "string") throw new RenderError({ file: k.file, message: `"namespace" in "${k.file}" must be a string` });
  const prefix = optionalString(raw, "namePrefix", k.file);
  if (prefix) resources = applyNameAffix(resources, { prefix, specs: config.namePrefix });
  const suffix = optionalString(raw, "nameSuffix", k.file);
  if (suffix) resources = applyNameAffix(resources, { suffix, specs: config.nameSuffix });
  for (const label of parseLabels(k, config)) resources = applyMetadataMap({ resources, values: label.pairs, specs: label.specs, file: k.file, field: "labels" });
  const commonLabels = stringMap(raw.commonLabels, "commonLabels", k.file);
  resources = applyMetadataMap({ resources, values: commonLabels, specs: config.commonLabels, file: k.file, field: "commonLabels" });
  const commonAnnotations = stringMap(raw.commonAnnotations, "commonAnnotations", k.file);
  resources = applyMetadataMap({ resources, values: commonAnnotations, specs: config.commonAnnotations, file: k.file, field: "commonAnnotations" });
  const json6902 = mapList(raw, "patchesJson6902", k.file);
  if (json6902.length > 0) resources = await runPatchesJson6902(resources, json6902, scope);
  const replicas = parseReplicas(k);
  if (replicas.length > 0) resources = applyReplicas({ resources, overrides: replicas, specs: config.replicas, file: k.file });
  const images = parseImages(k);
  if (images.length > 0) resources = applyImages(resources, images, config.images);
  const replacements = await loadReplacements(scope, mapList(raw, "replacements", k.file), true);
  if (replacements.length > 0) resources = applyReplacements(resources, replacements, { file: k.file });
  return resources;
}

function optionalString(raw: JsonObject, field: string, file: string): string | undefined {
  const v = raw[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new RenderError({ file, message: `"${field}" in "${file}" must be a string` });
  return v;
}

