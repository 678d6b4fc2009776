import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import type { FileTree } from "../tree/file-tree.ts";
import { resolveTreePath } from "../tree/tree-path.ts";
import type { RenderResource } from "./render-resource.ts";
import { RenderError } from "../../errors.ts";
import { checkDataKey, parseEnvFile, parseFileSource, parseLiteralSource, type GeneratorPair } from "./parse-generator-sources.ts";

export { computeNameHash } from "./compute-name-hash.ts";

/** What the engine passes to generate one ConfigMap or Secret. */
export interface GenerateResourceParams {
  readonly tree: FileTree;
  /** The kustomization directory (tree path); generator files resolve against it and must stay under it. */
  readonly dir: string;
  /** The kustomization file (tree path), named in errors and used as the source. */
  readonly file: string;
  readonly kind: "ConfigMap" | "Secret";
  /** One entry of configMapGenerator / secretGenerator, as parsed. */
  readonly spec: JsonValue;
  /** The kustomization's generatorOptions, if any. */
  readonly generatorOptions?: JsonValue;
}

/**
 * A FileTree that can also return raw bytes. Optional: without it, generator files are
 * taken as UTF-8 text and never go to binaryData.
 */
type ByteFileTree = FileTree & { readBytes?: (path: string) => Promise<Uint8Array> };

const SPEC_FIELDS = new Set(["name", "namespace", "behavior", "literals", "files", "envs", "env", "options", "type", "kvSources"]);
const OPTION_FIELDS = new Set(["labels", "annotations", "disableNameSuffixHash", "immutable"]);

/**
 * Returns the ConfigMap or Secret a generator entry describes, as kustomize builds it:
 * keys from envs, then literals, then files, sorted; Secret values base64 (wrapped at 70
 * columns like kustomize); non-UTF-8 files in a ConfigMap go to binaryData. The name has
 * no hash yet: the engine appends `computeNameHash` at the end of the build when
 * `generator.hashSuffix` is set. Files must stay under `dir` (kustomize's load restrictor).
 *
 * @example
 * const res = await generateResource({ tree, dir: "base", file: "base/kustomization.yaml", kind: "ConfigMap", spec: { name: "app", literals: ["a=1"] } });
 */
export async function generateResource(params: GenerateResourceParams): Promise<RenderResource> {
  const { file, kind } = params;
  const field = kind === "ConfigMap" ? "configMapGenerator" : "secretGenerator";
  const spec = params.spec;
  if (!isJsonObject(spec)) throw new RenderError({ file, message: `${field} entry in "${file}" must be a map` });
  for (const key of Object.keys(spec)) {
    if (!SPEC_FIELDS.has(key) || (key === "type" && kind === "ConfigMap")) throw new RenderError({ file, message: `${field} entry in "${file}" has unknown field "${key}"` });
  }
  if (spec.kvSources !== undefined) throw new RenderError({ file, code: "render-unsupported", message: `${field} "kvSources" in "${file}" (plugin key-value sources) is not supported` });
  const name = optionalString(spec.name, `${field}.name`, file);
  if (name === undefined || name === "") throw new RenderError({ file, message: `${field} entry in "${file}" has no name; every generated ${kind} needs one` });
  const namespace = optionalString(spec.namespace, `${field}.namespace`, file);
  const behavior = parseBehavior(spec.behavior, file);
  const options = mergeOptions(parseOptions(spec.options, file), parseOptions(params.generatorOptions, file));

  const envs = stringList(spec.envs, `${field}.envs`, file);
  const env = optionalString(spec.env, `${field}.env`, file);
  if (env !== undefined && env !== "") envs.push(env);
  const pairs: GeneratorPair[] = [];
  for (const envPath of envs) pairs.push(...parseEnvFile(await readUnder(params, envPath), resolveUnder(params, envPath)));
  for (const literal of stringList(spec.literals, `${field}.literals`, file)) pairs.push(parseLiteralSource(literal, file));
  for (const source of stringList(spec.files, `${field}.files`, file)) {
    const { key, path } = parseFileSource(source, file);
    pairs.push({ key, ...(await readValue(params, path)) });
  }

  const seen = new Map<string, GeneratorPair>();
  for (const pair of pairs) {
    checkDataKey(pair.key, name, file);
    if (seen.has(pair.key)) throw new RenderError({ file, message: `${kind} "${name}" in "${file}" repeats the key "${pair.key}"; each key may appear once` });
    seen.set(pair.key, pair);
  }
  const sorted = [...seen.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const obj: JsonObject = { apiVersion: "v1", kind };
  const metadata: JsonObject = { name };
  if (namespace !== undefined && namespace !== "") metadata.namespace = namespace;
  if (Object.keys(options.labels).length > 0) metadata.labels = { ...options.labels };
  if (Object.keys(options.annotations).length > 0) metadata.annotations = { ...options.annotations };
  obj.metadata = metadata;
  if (kind === "Secret") {
    const type = optionalString(spec.type, "secretGenerator.type", file);
    obj.type = type === undefined || type === "" ? "Opaque" : type;
  }
  const data: JsonObject = {};
  const binaryData: JsonObject = {};
  for (const pair of sorted) {
    if (kind === "Secret") data[pair.key] = encodeBase64(pair.bytes ?? Buffer.from(pair.value, "utf8"));
    else if (pair.bytes !== undefined) binaryData[pair.key] = encodeBase64(pair.bytes);
    else data[pair.key] = pair.value;
  }
  // kustomize's Secret generator always writes data, `data: {}` when nothing was given.
  if (kind === "Secret" || Object.keys(data).length > 0) obj.data = data;
  if (Object.keys(binaryData).length > 0) obj.binaryData = binaryData;
  if (options.immutable) obj.immutable = true;
  return { obj: obj as KubeObject, source: file, history: [], generator: { behavior, hashSuffix: !options.disableNameSuffixHash } };
}

/**
 * Returns the resource that replaces `existing` when a generator with behavior `merge`
 * or `replace` names it: the generated object, keeping the existing name, namespace and
 * name history, with labels and annotations merged (generated wins). `merge` also keeps
 * existing data/binaryData keys the generated object does not set. The result gets a
 * hash suffix only when both did, as kustomize 5.5 does. Never mutates its arguments.
 */
export function mergeGeneratedResource(existing: RenderResource, generated: RenderResource, behavior: "merge" | "replace"): RenderResource {
  const old = existing.obj;
  const obj = structuredClone(generated.obj);
  const meta: JsonObject = { ...obj.metadata };
  const labels = { ...(old.metadata.labels ?? {}), ...(obj.metadata.labels ?? {}) };
  const annotations = { ...(old.metadata.annotations ?? {}), ...(obj.metadata.annotations ?? {}) };
  delete meta.labels;
  delete meta.annotations;
  if (Object.keys(labels).length > 0) meta.labels = labels;
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  if (old.metadata.name === undefined) delete meta.name;
  else meta.name = old.metadata.name;
  if (old.metadata.namespace === undefined) delete meta.namespace;
  else meta.namespace = old.metadata.namespace;
  obj.metadata = meta;
  if (behavior === "merge") {
    for (const field of ["data", "binaryData"] as const) {
      const merged = { ...(isJsonObject(old[field]) ? old[field] : {}), ...(isJsonObject(obj[field]) ? obj[field] : {}) };
      if (Object.keys(merged).length > 0) obj[field] = merged;
    }
  }
  const hashSuffix = (existing.generator?.hashSuffix ?? false) && (generated.generator?.hashSuffix ?? false);
  return { ...existing, obj, generator: { behavior: existing.generator?.behavior ?? "create", hashSuffix } };
}

interface GeneratorOptions {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  disableNameSuffixHash: boolean;
  immutable: boolean;
}

function parseOptions(raw: JsonValue | undefined, file: string): GeneratorOptions {
  const out: GeneratorOptions = { labels: {}, annotations: {}, disableNameSuffixHash: false, immutable: false };
  if (raw === undefined || raw === null) return out;
  if (!isJsonObject(raw)) throw new RenderError({ file, message: `generator options in "${file}" must be a map` });
  for (const key of Object.keys(raw)) {
    if (!OPTION_FIELDS.has(key)) throw new RenderError({ file, message: `generator options in "${file}" have unknown field "${key}"` });
  }
  out.labels = stringMap(raw.labels, "labels", file);
  out.annotations = stringMap(raw.annotations, "annotations", file);
  out.disableNameSuffixHash = raw.disableNameSuffixHash === true;
  out.immutable = raw.immutable === true;
  return out;
}

// kustomize's MergeGlobalOptionsIntoLocal: local labels/annotations win, and the global
// booleans can only switch a feature on.
function mergeOptions(local: GeneratorOptions, global: GeneratorOptions): GeneratorOptions {
  return {
    labels: { ...global.labels, ...local.labels },
    annotations: { ...global.annotations, ...local.annotations },
    disableNameSuffixHash: local.disableNameSuffixHash || global.disableNameSuffixHash,
    immutable: local.immutable || global.immutable,
  };
}

// kustomize reads any other string as "unspecified", which behaves as create (an existing
// object of that id is then an error); only a value that is not a string is refused.
function parseBehavior(raw: JsonValue | undefined, file: string): "create" | "merge" | "replace" {
  if (raw === "merge" || raw === "replace") return raw;
  if (raw === undefined || raw === null || typeof raw === "string") return "create";
  throw new RenderError({ file, message: `generator behavior in "${file}" must be a string (create, merge or replace)` });
}

function resolveUnder(params: GenerateResourceParams, path: string): string {
  const resolved = path.startsWith("/") ? undefined : resolveTreePath(params.dir, path);
  const inside = resolved !== undefined && (params.dir === "" || resolved === params.dir || resolved.startsWith(`${params.dir}/`));
  if (!inside) throw new RenderError({ file: params.file, message: `generator file "${path}" in "${params.file}" is outside the kustomization directory "${params.dir || "."}"; kustomize's load restrictor forbids it, move the file under that directory` });
  const entry = params.tree.stat(resolved);
  if (entry?.type !== "file") throw new RenderError({ file: params.file, message: `generator file "${path}" in "${params.file}" ${entry ? "is a directory" : "does not exist"}; list a file under "${params.dir || "."}"` });
  return resolved;
}

async function readUnder(params: GenerateResourceParams, path: string): Promise<string> {
  return params.tree.read(resolveUnder(params, path));
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

async function readValue(params: GenerateResourceParams, path: string): Promise<{ value: string; bytes?: Uint8Array }> {
  const resolved = resolveUnder(params, path);
  const tree = params.tree as ByteFileTree;
  if (typeof tree.readBytes !== "function") return { value: await tree.read(resolved) };
  const bytes = await tree.readBytes(resolved);
  try {
    return { value: UTF8.decode(bytes) };
  } catch {
    return { value: "", bytes };
  }
}

/** Returns base64 of `bytes` as kustomize writes it: one line, or 70-column lines each ending in "\n". */
function encodeBase64(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString("base64");
  if (b64.length < 70) return b64;
  let out = "";
  for (let i = 0; i < b64.length; i += 70) out += `${b64.slice(i, i + 70)}\n`;
  return out;
}

function optionalString(raw: JsonValue | undefined, what: string, file: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") throw new RenderError({ file, message: `${what} in "${file}" must be a string` });
  return raw;
}

function stringList(raw: JsonValue | undefined, what: string, file: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== "string")) throw new RenderError({ file, message: `${what} in "${file}" must be a list of strings` });
  return [...(raw as string[])];
}

function stringMap(raw: JsonValue | undefined, what: string, file: string): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isJsonObject(raw)) throw new RenderError({ file, message: `generator option ${what} in "${file}" must be a map of strings` });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") throw new RenderError({ file, message: `generator option ${what}.${k} in "${file}" must be a string; quote it` });
    out[k] = v;
  }
  return out;
}
