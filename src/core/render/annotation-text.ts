import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";
import { formatGoFloat } from "../manifest/format-go-number.ts";
import { isJsonObject, type JsonObject, type JsonValue, type KubeObject } from "../manifest/kube-object.ts";
import { RenderError } from "../../errors.ts";
import { resolveYamlScalar } from "../manifest/resolve-yaml-scalar.ts";
import type { RenderResource } from "./render-resource.ts";
import { describeResource } from "./resource-id.ts";

/** The source text of one top-level annotation value, and the value it was read as. */
export interface AnnotationText {
  readonly text: string;
  readonly value: JsonValue;
}

export type AnnotationTexts = Readonly<Record<string, AnnotationText>>;

// Ferry prints a timestamp in Go's RFC 3339 form; kustomize's annotation keeps the text.
const TIMESTAMP_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

function annotationsOf(obj: KubeObject): JsonObject | undefined {
  const annotations = obj.metadata.annotations as JsonValue | undefined;
  return isJsonObject(annotations) ? annotations : undefined;
}

/** Returns true when some top-level annotation of `obj` is not text as written (a number, a boolean, null, a map, a timestamp). */
export function needsAnnotationText(obj: KubeObject): boolean {
  const annotations = annotationsOf(obj);
  if (annotations === undefined) return false;
  return Object.values(annotations).some((v) => typeof v !== "string" || TIMESTAMP_LIKE.test(v));
}

/**
 * Returns, for each object `objects` holds (parsed from `text` in document order,
 * `*List` items expanded), the source text of its top-level annotation values, or
 * undefined where it has no annotations or the documents cannot be lined up with the
 * objects. kustomize turns every annotation into a string at the end of a build from
 * its YAML node's text, so `1.50` stays "1.50" where JSON would make it 1.5.
 */
export function readAnnotationTexts(text: string, objects: readonly KubeObject[]): (AnnotationTexts | undefined)[] {
  const maps: (Node | undefined)[] = [];
  for (const doc of parseAllDocuments(text, { schema: "failsafe", uniqueKeys: false, strict: false, prettyErrors: false }) as unknown as Iterable<{ contents: Node | null }>) {
    const node = doc.contents;
    if (!isMap(node) || node.items.length === 0) continue;
    const kind = node.get("kind");
    const items = node.get("items", true);
    if (typeof kind === "string" && kind.endsWith("List") && node.has("items")) {
      if (isSeq(items)) for (const item of items.items) maps.push(item as Node);
      continue;
    }
    maps.push(node);
  }
  if (maps.length !== objects.length) return objects.map(() => undefined);
  return objects.map((obj, i) => textsOf(maps[i], obj));
}

function textsOf(node: Node | undefined, obj: KubeObject): AnnotationTexts | undefined {
  const parsed = annotationsOf(obj);
  if (parsed === undefined || !isMap(node)) return undefined;
  const metadata = node.get("metadata", true);
  const annotations = isMap(metadata) ? metadata.get("annotations", true) : undefined;
  if (!isMap(annotations)) return undefined;
  const out: Record<string, AnnotationText> = {};
  for (const pair of annotations.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== "string") continue;
    const key = pair.key.value;
    if (!Object.hasOwn(parsed, key)) continue;
    const value = pair.value as Node | null;
    let source: string | undefined;
    if (value === null || (isScalar(value) && value.value === null)) source = "";
    else if (isScalar(value)) source = String(value.value);
    else if (isMap(value) || isSeq(value)) source = "";
    if (source !== undefined) out[key] = { text: source, value: parsed[key] as JsonValue };
  }
  return out;
}

function sameValue(a: JsonValue, b: JsonValue): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Returns the text kustomize gives a non-string annotation value at the end of a
 * build: its source text when the value is still the one read from the file, else
 * what the value's JSON form reads back as (a JSON 6902 patch goes through JSON:
 * numbers in Go's %g form, null as "null"); maps and lists become "".
 */
function annotationString(key: string, value: JsonValue, texts: AnnotationTexts | undefined): string {
  const known = texts?.[key];
  if (known !== undefined && sameValue(known.value, value)) return known.text;
  if (typeof value === "number") return formatGoFloat(value);
  if (typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (typeof value === "string") return value;
  return "";
}

/**
 * Returns the resource with every top-level annotation a string, as kustomize prints
 * them. An annotation key that YAML reads as something else (`~`, `1`, `true`, a date),
 * even quoted, is refused: kustomize rebuilds the annotations from their text and then
 * fails to print them.
 */
export function stringifyAnnotations(resource: RenderResource, file: string): RenderResource {
  const annotations = annotationsOf(resource.obj);
  const texts = resource.annotationText;
  if (annotations === undefined) return resource;
  for (const key of Object.keys(annotations)) {
    const kind = resolveYamlScalar(key).kind;
    if (kind !== "str") {
      throw new RenderError({ file, message: `${describeResource(resource.obj)} (from "${resource.source}") has the annotation key ${JSON.stringify(key)}, which kustomize reads back as a ${kind} and cannot print (kubectl kustomize fails on it too); rename the annotation` });
    }
  }
  const needed = Object.entries(annotations).some(([k, v]) => typeof v !== "string" || (texts?.[k] !== undefined && texts[k].value === v && texts[k].text !== v));
  if (!needed) return resource;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(annotations)) out[key] = annotationString(key, value, texts);
  return { ...resource, obj: { ...resource.obj, metadata: { ...resource.obj.metadata, annotations: out as Record<string, string> } } };
}
