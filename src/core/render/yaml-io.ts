/**
 * The renderer's bridge to YAML: manifests are read and printed by the manifest module
 * (go-yaml's scalar rules, kustomize's exact bytes); kustomization files and patches are
 * read with the same scalar rules, as kustomize reads them all with go-yaml.
 */
import { LineCounter, parseAllDocuments } from "yaml";
import { RenderError } from "../../errors.ts";
import { objectLimitError, type BuildContext } from "./build-context.ts";
import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { parseManifests } from "../manifest/parse-manifests.ts";
import { needsAnnotationText, readAnnotationTexts } from "./annotation-text.ts";
import type { RenderResource } from "./render-resource.ts";
import { serializeManifests } from "../manifest/serialize-manifests.ts";
import { findUnterminatedEnd, yamlToJson, type DuplicateKeys } from "../manifest/yaml-to-json.ts";

const MAX_ALIAS_NODES = 100_000;
const MAX_DEPTH = 200;

/**
 * Returns the documents of a YAML text as plain data (empty documents dropped);
 * `duplicateKeys` says which of a repeated key counts, `yaml11` reads scalars as
 * go-yaml v2 does (see YamlToJsonSource).
 */
export function parseYamlDocuments(text: string, file: string, maxAliases: number, duplicateKeys: DuplicateKeys = "error", yaml11 = false): JsonValue[] {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter, schema: "failsafe", uniqueKeys: false, strict: false, prettyErrors: false });
  } catch (cause) {
    throw new RenderError({ code: "render-limit", file, message: `"${file}" nests YAML too deeply to read; flatten it`, cause });
  }
  const out: JsonValue[] = [];
  const unterminated = findUnterminatedEnd(text);
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error) throw new RenderError({ file, message: `"${file}" is not valid YAML: ${error.message.split("\n")[0] ?? "parse error"}; fix the syntax`, cause: error });
    const value = yamlToJson(doc.contents, { file, lineOf, text, unterminated, duplicateKeys, yaml11 }, { maxAliases, maxAliasNodes: MAX_ALIAS_NODES, maxDepth: MAX_DEPTH });
    if (value === null) continue;
    out.push(value);
  }
  return out;
}

/**
 * Returns the Kubernetes objects in a manifest file (`kind: List` items expanded),
 * charged to the render's object budget. A file with more documents than the budget
 * has left is refused before it is parsed: counting separators costs one scan, where
 * parsing 300,000 tiny documents costs a minute and gigabytes.
 */
export function parseManifestFile(text: string, file: string, ctx: BuildContext): KubeObject[] {
  const left = ctx.objectsLeft();
  if (countDocumentStarts(text, left) > left) throw objectLimitError(ctx.limits.maxObjects, file);
  const objects = parseManifests(text, file, { maxAliases: ctx.limits.maxAliases }).map((m) => m.object);
  ctx.countObjects(objects.length, file);
  return objects;
}

/**
 * Returns the objects of a manifest file as resources read from `file`, each with the
 * source text of annotation values that are not plain strings (see annotationText).
 */
export function parseManifestResources(text: string, file: string, ctx: BuildContext): RenderResource[] {
  const objects = parseManifestFile(text, file, ctx);
  const texts = objects.some(needsAnnotationText) ? readAnnotationTexts(text, objects) : [];
  return objects.map((obj, i) => {
    const annotationText = texts[i];
    return annotationText === undefined ? { obj, source: file, history: [] } : { obj, source: file, history: [], annotationText };
  });
}

/** Returns the number of `---` lines in `text` plus one, counting no further than `stop + 1`. */
function countDocumentStarts(text: string, stop: number): number {
  let count = 1;
  for (let i = text.indexOf("---"); i >= 0 && count <= stop; i = text.indexOf("---", i + 3)) {
    if (i === 0 || text.charCodeAt(i - 1) === 10) count++;
  }
  return count;
}

/** Returns the YAML kustomize prints for `objects`: documents joined by "---". */
export function serializeObjects(objects: readonly KubeObject[]): string {
  return serializeManifests(objects);
}
