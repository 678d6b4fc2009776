/**
 * The renderer's bridge to YAML: parse a manifest file into objects, and print objects
 * the way kustomize does. Kept in one place so the manifest module's parser and
 * serializer plug in here.
 */
import { parseAllDocuments, stringify } from "yaml";
import { RenderError } from "../../errors.ts";
import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";

/** Returns the documents of a YAML text as plain data (null documents dropped). */
export function parseYamlDocuments(text: string, file: string, maxAliases: number): JsonValue[] {
  const out: JsonValue[] = [];
  const docs = parseAllDocuments(text, { uniqueKeys: false, merge: true, version: "1.2" });
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      throw new RenderError({ file, message: `"${file}" is not valid YAML: ${doc.errors[0]?.message.split("\n")[0] ?? "parse error"}` });
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: maxAliases });
    } catch (error) {
      throw new RenderError({ code: "render-limit", file, message: `"${file}" expands too many YAML aliases (more than ${maxAliases}); remove the aliases`, cause: error });
    }
    if (value === null || value === undefined) continue;
    out.push(value as JsonValue);
  }
  return out;
}

/** Returns the Kubernetes objects in a manifest file; `kind: List` items are expanded. */
export function parseManifestFile(text: string, file: string, maxAliases: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseYamlDocuments(text, file, maxAliases)) {
    if (!isJsonObject(doc)) throw new RenderError({ file, message: `"${file}" holds a document that is not a map; each document must be one Kubernetes object` });
    if (typeof doc.kind === "string" && doc.kind.endsWith("List") && Array.isArray(doc.items)) {
      for (const item of doc.items) out.push(checkObject(item, file));
      continue;
    }
    out.push(checkObject(doc, file));
  }
  return out;
}

function checkObject(value: JsonValue, file: string): KubeObject {
  if (!isJsonObject(value)) throw new RenderError({ file, message: `"${file}" holds an item that is not a map` });
  if (typeof value.kind !== "string" || value.kind === "") throw new RenderError({ file, message: `an object in "${file}" has no kind; add one` });
  if (typeof value.apiVersion !== "string" || value.apiVersion === "") throw new RenderError({ file, message: `an object in "${file}" has no apiVersion; add one` });
  const metadata = value.metadata;
  if (!isJsonObject(metadata) || typeof metadata.name !== "string" || metadata.name === "") {
    throw new RenderError({ file, message: `a ${value.kind} in "${file}" has no metadata.name; add one` });
  }
  return value as KubeObject;
}

/** Returns the YAML kustomize prints for `objects`: sorted keys, documents joined by "---". */
export function serializeObjects(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o, { sortMapEntries: true, indentSeq: false, lineWidth: 0, version: "1.1" })).join("---\n");
}
