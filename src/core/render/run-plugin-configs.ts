import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { applyReplacements } from "./apply-replacements.ts";
import type { BuildContext } from "./build-context.ts";
import { stringMap, type Kustomization } from "./load-kustomization.ts";
import type { RenderResource } from "./render-resource.ts";
import { runGenerators, type GeneratorEntry } from "./run-generators.ts";
import { loadReplacements, runPatches, runPatchesJson6902, runPatchesStrategicMerge, type PatchScope } from "./run-patches.ts";
import { parseFieldSpecs } from "./transformer-config.ts";
import { applyImages } from "./transform-images.ts";
import { applyMetadataMap } from "./transform-metadata-map.ts";
import { applyNameAffix } from "./transform-name-affix.ts";
import { applyNamespace, ROLE_BINDING_SUBJECT_MODES, type RoleBindingSubjectMode } from "./transform-namespace.ts";
import { applyReplicas } from "./transform-replicas.ts";
import { parseYamlDocuments } from "./yaml-io.ts";

/**
 * Returns the plugin configs an inline `transformers:`/`generators:` entry holds, or
 * undefined when the entry is a path: kustomize first tries to read each entry as YAML
 * objects and takes it as a path when that fails.
 */
export function parseInlinePluginConfigs(entry: string, file: string, maxAliases: number): KubeObject[] | undefined {
  if (!entry.includes("\n") && !/^\s*[{[]/.test(entry)) return undefined;
  let docs: JsonValue[];
  try {
    docs = parseYamlDocuments(entry, file, maxAliases);
  } catch {
    return undefined;
  }
  if (docs.length === 0 || docs.some((d) => !isJsonObject(d) || typeof d.kind !== "string")) return undefined;
  return docs as KubeObject[];
}

interface PluginParams {
  readonly ctx: BuildContext;
  readonly k: Kustomization;
  readonly resources: RenderResource[];
  readonly configs: readonly RenderResource[];
}

/** The built-in plugin kinds kustomize knows that Ferry does not build, and why. */
const REFUSED_BUILTINS: Readonly<Record<string, string>> = {
  HelmChartInflationGenerator: "Helm chart inflation needs the helm binary and often the network",
  IAMPolicyGenerator: "it generates cloud IAM objects from provider settings",
  HashTransformer: "it is internal to kustomize",
  LegacyOrderTransformer: "it is internal to kustomize",
  SortOrderTransformer: "it is internal to kustomize",
  ValueAddTransformer: "it is internal to kustomize",
};

/** Throws unless `config` is a built-in plugin config Ferry builds; returns its kind. */
function builtinKind(config: RenderResource, field: "transformers" | "generators", file: string): string {
  const { obj } = config;
  const name = `${obj.kind} "${obj.metadata?.name ?? ""}"`;
  if (typeof obj.metadata?.name !== "string" || obj.metadata.name === "") {
    throw new RenderError({ file, message: `${field} entry ${obj.kind} in "${file}" has no metadata.name; every plugin config needs one, as every resource does` });
  }
  const annotations = obj.metadata?.annotations ?? {};
  if (annotations["config.kubernetes.io/function"] !== undefined || annotations["config.k8s.io/function"] !== undefined) {
    throw new RenderError({ code: "render-unsupported", file, message: `${field} entry ${name} in "${file}" is a KRM function (container or exec plugin); Ferry never runs plugins, and kubectl kustomize refuses them without --enable-alpha-plugins: use a built-in plugin (apiVersion: builtin) instead` });
  }
  if (obj.apiVersion !== "builtin") {
    throw new RenderError({ code: "render-unsupported", file, message: `${field} entry ${name} (apiVersion ${obj.apiVersion}) in "${file}" is an external plugin; Ferry never runs plugins, and kubectl kustomize refuses them by default: use a built-in plugin (apiVersion: builtin) instead` });
  }
  const refused = REFUSED_BUILTINS[obj.kind];
  if (refused !== undefined) throw new RenderError({ code: "render-unsupported", file, message: `${field} entry ${name} in "${file}" is not supported by Ferry's renderer (${refused}); render this directory with render.engine: kustomize` });
  return obj.kind;
}

function text(cfg: JsonObject, key: string, file: string): string | undefined {
  const v = cfg[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new RenderError({ file, message: `"${key}" of a plugin config in "${file}" must be a string` });
}

function map(cfg: JsonObject, key: string): JsonObject {
  const v = cfg[key];
  return isJsonObject(v) ? v : {};
}

/**
 * Returns `params.resources` run through each built-in transformer plugin config, in
 * order, with the config's own fieldSpecs (never merged with the defaults, as in
 * kustomize). Files the configs name resolve from the kustomization's directory.
 */
export async function runTransformerPlugins(params: PluginParams): Promise<RenderResource[]> {
  const { ctx, k } = params;
  const scope: PatchScope = { ctx, dir: k.dir, file: k.file };
  let resources = params.resources;
  for (const config of params.configs) {
    const kind = builtinKind(config, "transformers", k.file);
    const cfg = config.obj as JsonObject;
    const file = config.source;
    const specs = (): ReturnType<typeof parseFieldSpecs> => parseFieldSpecs(cfg.fieldSpecs, `fieldSpecs of ${kind}`, file, true);
    switch (kind) {
      case "PrefixSuffixTransformer":
      case "PrefixTransformer":
      case "SuffixTransformer":
        resources = applyNameAffix(resources, { prefix: kind === "SuffixTransformer" ? "" : text(cfg, "prefix", file), suffix: kind === "PrefixTransformer" ? "" : text(cfg, "suffix", file), specs: specs() });
        break;
      case "LabelTransformer":
        resources = applyMetadataMap({ resources, values: stringMap(cfg.labels, "labels", file), specs: specs(), file, field: "LabelTransformer" });
        break;
      case "AnnotationsTransformer":
        resources = applyMetadataMap({ resources, values: stringMap(cfg.annotations, "annotations", file), specs: specs(), file, field: "AnnotationsTransformer" });
        break;
      case "NamespaceTransformer": {
        const namespace = text(map(cfg, "metadata"), "namespace", file) ?? "";
        const mode = text(cfg, "setRoleBindingSubjects", file) ?? "defaultOnly";
        if (!(ROLE_BINDING_SUBJECT_MODES as readonly string[]).includes(mode)) {
          throw new RenderError({ file, message: `setRoleBindingSubjects "${mode}" of NamespaceTransformer in "${file}" is invalid; use ${ROLE_BINDING_SUBJECT_MODES.join(", ")}` });
        }
        if (namespace !== "") resources = applyNamespace(resources, { namespace, specs: specs(), unsetOnly: cfg.unsetOnly === true, subjects: mode as RoleBindingSubjectMode, file });
        break;
      }
      case "ImageTagTransformer": {
        const tag = map(cfg, "imageTag");
        const name = text(tag, "name", file) ?? "";
        resources = applyImages(resources, [{ name, newName: text(tag, "newName", file), newTag: text(tag, "newTag", file), digest: text(tag, "digest", file) }], specs());
        break;
      }
      case "ReplicaCountTransformer": {
        const replica = map(cfg, "replica");
        const count = replica.count ?? 0;
        if (typeof count !== "number" || !Number.isInteger(count)) throw new RenderError({ file, message: `replica.count of ReplicaCountTransformer in "${file}" must be an integer` });
        resources = applyReplicas({ resources, overrides: [{ name: text(replica, "name", file) ?? "", count }], specs: specs(), file });
        break;
      }
      case "PatchTransformer":
        resources = await runPatches(resources, [pick(cfg, ["patch", "path", "target", "options"])], scope);
        break;
      case "PatchStrategicMergeTransformer": {
        const paths = Array.isArray(cfg.paths) ? cfg.paths.filter((p): p is string => typeof p === "string") : [];
        const inline = typeof cfg.patches === "string" && cfg.patches.trim() !== "" ? [cfg.patches] : [];
        resources = await runPatchesStrategicMerge(resources, [...paths, ...inline], scope);
        break;
      }
      case "PatchJson6902Transformer": {
        const entry = pick(cfg, ["target", "path"]);
        if (typeof cfg.jsonOp === "string") entry.patch = cfg.jsonOp;
        resources = await runPatchesJson6902(resources, [entry], scope);
        break;
      }
      case "ReplacementTransformer": {
        const list = Array.isArray(cfg.replacements) ? cfg.replacements.filter(isJsonObject) : [];
        resources = applyReplacements(resources, await loadReplacements(scope, list, false), { file });
        break;
      }
      case "ConfigMapGenerator":
      case "SecretGenerator":
        throw new RenderError({ file: k.file, message: `transformers entry ${kind} "${cfg.metadata && isJsonObject(cfg.metadata) ? String(cfg.metadata.name ?? "") : ""}" in "${k.file}" is a generator; list it under generators` });
      default:
        throw new RenderError({ file: k.file, message: `transformers entry "${kind}" in "${k.file}" is not a kustomize built-in plugin; check its kind` });
    }
  }
  return resources;
}

/**
 * Returns `params.resources` with the ConfigMaps and Secrets of each built-in generator
 * plugin config absorbed, in order, as kustomize's ConfigMapGenerator and SecretGenerator
 * plugins build them (name and namespace from the top level or from metadata).
 */
export async function runGeneratorPlugins(params: PluginParams): Promise<RenderResource[]> {
  const { ctx, k } = params;
  const entries: GeneratorEntry[] = params.configs.map((config) => {
    const kind = builtinKind(config, "generators", k.file);
    if (kind !== "ConfigMapGenerator" && kind !== "SecretGenerator") {
      throw new RenderError({ file: k.file, message: `generators entry "${kind}" in "${k.file}" is not a generator; list transformers under transformers` });
    }
    const cfg = config.obj as JsonObject;
    const meta = map(cfg, "metadata");
    const spec = pick(cfg, ["behavior", "literals", "files", "envs", "env", "options", ...(kind === "SecretGenerator" ? ["type"] : [])]);
    const name = text(cfg, "name", config.source) || text(meta, "name", config.source);
    const namespace = text(cfg, "namespace", config.source) || text(meta, "namespace", config.source);
    if (name !== undefined) spec.name = name;
    if (namespace !== undefined) spec.namespace = namespace;
    return { kind: kind === "ConfigMapGenerator" ? "ConfigMap" : "Secret", spec };
  });
  return runGenerators({ ctx, dir: k.dir, file: k.file, entries, resources: params.resources });
}

function pick(cfg: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (cfg[key] !== undefined && cfg[key] !== null) out[key] = cfg[key] as JsonValue;
  return out;
}
