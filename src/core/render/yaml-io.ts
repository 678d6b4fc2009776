/**
 * The renderer's bridge to YAML: manifests are read and printed by the manifest module
 * (go-yaml's scalar rules, kustomize's exact bytes); kustomization files and patches are
 * read with the same scalar rules, as kustomize reads them all with go-yaml.
 */
import { LineCounter, parseAllDocuments } from "yaml";
import { RenderError } from "../../errors.ts";
import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { parseManifests } from "../manifest/parse-manifests.ts";
import { serializeManifests } from "../manifest/serialize-manifests.ts";
import { findUnterminatedEnd, yamlToJson } from "../manifest/yaml-to-json.ts";

const MAX_ALIAS_NODES = 100_000;
const MAX_DEPTH = 200;

/** Returns the documents of a YAML text as plain data (empty documents dropped). */
export function parseYamlDocuments(text: string, file: string, maxAliases: number): JsonValue[] {
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
    const value = yamlToJson(doc.contents, { file, lineOf, unterminated }, { maxAliases, maxAliasNodes: MAX_ALIAS_NODES, maxDepth: MAX_DEPTH });
    if (value === null) continue;
    out.push(value);
  }
  return out;
}

/** Returns the Kubernetes objects in a manifest file; `kind: List` items are expanded. */
export function parseManifestFile(text: string, file: string, maxAliases: number): KubeObject[] {
  return parseManifests(text, file, { maxAliases }).map((m) => m.object);
}

/** Returns the YAML kustomize prints for `objects`: documents joined by "---". */
export function serializeObjects(objects: readonly KubeObject[]): string {
  return serializeManifests(objects);
}
