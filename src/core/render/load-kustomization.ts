import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import type { BuildContext } from "./build-context.ts";
import { decodeGoJson } from "./decode-go-json.ts";
import { KUSTOMIZATION_TYPE } from "./kustomization-schema.ts";
import { parseYamlDocuments } from "./yaml-io.ts";

/** The file names kustomize recognises, in its lookup order. */
export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"] as const;

/** Fields Ferry builds. */
const SUPPORTED_FIELDS = new Set([
  "apiVersion",
  "kind",
  "metadata",
  "resources",
  "bases",
  "components",
  "namespace",
  "namePrefix",
  "nameSuffix",
  "commonLabels",
  "labels",
  "commonAnnotations",
  "images",
  "imageTags",
  "replicas",
  "patches",
  "patchesStrategicMerge",
  "patchesJson6902",
  "configMapGenerator",
  "secretGenerator",
  "generatorOptions",
  "replacements",
  "vars",
  "sortOptions",
  "configurations",
  "transformers",
  "generators",
  "crds",
  "buildMetadata",
]);

/** Fields kustomize knows that Ferry refuses, and why. */
const UNSUPPORTED_FIELDS: Readonly<Record<string, string>> = {
  openapi: "custom OpenAPI schemas",
  helmCharts: "Helm chart inflation",
  helmGlobals: "Helm chart inflation",
  helmChartInflationGenerator: "Helm chart inflation",
  validators: "validator plugins",
};

/** A parsed kustomization file, with deprecated fields folded in as kustomize does. */
export interface Kustomization {
  readonly file: string;
  readonly dir: string;
  readonly kind: "Kustomization" | "Component";
  readonly raw: JsonObject;
  readonly resources: readonly string[];
  readonly components: readonly string[];
}

/** Returns the kustomization file in `dir`, undefined when none; two or more is an error. */
export function findKustomizationFile(ctx: Pick<BuildContext, "stat">, dir: string): string | undefined {
  const found = KUSTOMIZATION_FILE_NAMES.map((name) => (dir === "" ? name : `${dir}/${name}`)).filter((path) => ctx.stat(path)?.type === "file");
  if (found.length > 1) {
    throw new RenderError({ file: found[0], message: `"${dir || "."}" has more than one kustomization file (${found.join(", ")}); keep only one` });
  }
  return found[0];
}

/** Returns the string list in `field`, or [] when absent; throws when it is not one. */
export function stringList(raw: JsonObject, field: string, file: string): string[] {
  const value = raw[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new RenderError({ file, message: `"${field}" in "${file}" must be a list of strings` });
  }
  return value as string[];
}

/** Returns the string map in `field`, or {} when absent; scalar values become strings. */
export function stringMap(raw: JsonValue | undefined, field: string, file: string): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isJsonObject(raw)) throw new RenderError({ file, message: `"${field}" in "${file}" must be a map of strings` });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === null) out[k] = "";
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else throw new RenderError({ file, message: `"${field}.${k}" in "${file}" must be a string` });
  }
  return out;
}

/** Returns the list in `field` (each item a map), or [] when absent. */
export function mapList(raw: JsonObject, field: string, file: string): JsonObject[] {
  const value = raw[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => !isJsonObject(v))) throw new RenderError({ file, message: `"${field}" in "${file}" must be a list of maps` });
  return value as JsonObject[];
}

/**
 * Reads and checks the kustomization file `file` of directory `dir`: unknown fields,
 * fields Ferry does not support (plugins, Helm, OpenAPI, CRDs, custom configurations)
 * and empty kustomizations are errors naming the field and the file.
 */
export async function loadKustomization(ctx: BuildContext, dir: string, file: string): Promise<Kustomization> {
  ctx.checkUnder(file, dir, file);
  // kustomize reads the file as JSON, where the last of a repeated key counts.
  // sigs.k8s.io/yaml reads it with go-yaml v2 (YAML 1.1 scalars) into JSON for encoding/json.
  const docs = parseYamlDocuments(await ctx.read(file, file), file, ctx.limits.maxAliases, "last", true);
  if (docs.length > 1) throw new RenderError({ file, message: `"${file}" holds more than one YAML document; a kustomization is one map` });
  const parsed = docs[0] ?? {};
  if (!isJsonObject(parsed)) throw new RenderError({ file, message: `"${file}" is not a map; a kustomization is a map of fields` });
  const raw = decodeGoJson(parsed, KUSTOMIZATION_TYPE, { file, path: "" }) as JsonObject;
  for (const [field, value] of Object.entries(raw)) {
    const why = UNSUPPORTED_FIELDS[field];
    if (why !== undefined) {
      if (value === null || (Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0)) continue;
      throw new RenderError({ code: "render-unsupported", file, message: `"${field}" in "${file}" (${why}) is not supported by Ferry's renderer; remove it, or render this directory with kustomize itself` });
    }
    if (!SUPPORTED_FIELDS.has(field)) {
      throw new RenderError({ file, message: `"${file}" has an unknown field "${field}"; fix its spelling or remove it (kustomize rejects it too)` });
    }
  }
  const kind = raw.kind ?? "Kustomization";
  if (kind !== "Kustomization" && kind !== "Component") {
    throw new RenderError({ file, message: `"${file}" has kind "${String(kind)}"; use Kustomization or Component` });
  }
  const meaningful = Object.keys(raw).filter((k) => k !== "apiVersion" && k !== "kind");
  if (meaningful.length === 0) throw new RenderError({ file, message: `"${file}" is empty; list resources or other fields in it` });
  // kustomize folds the deprecated `bases` into `resources`, after them.
  const resources = [...stringList(raw, "resources", file), ...stringList(raw, "bases", file)];
  return { file, dir, kind, raw, resources, components: stringList(raw, "components", file) };
}
