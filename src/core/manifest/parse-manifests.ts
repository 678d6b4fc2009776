import { LineCounter, parseAllDocuments } from "yaml";
import { RenderError } from "../../errors.ts";
import { isJsonObject, type JsonObject, type JsonValue, type KubeObject } from "./kube-object.ts";
import { parseSimpleYaml } from "./parse-simple-yaml.ts";
import { findUnterminatedEnd, yamlToJson } from "./yaml-to-json.ts";

/** One object read from a YAML file, with where it came from. */
export interface ParsedManifest {
  readonly object: KubeObject;
  /** The file it was read from, as given to parseManifests. */
  readonly file: string;
  /** 1-based line where the object starts. */
  readonly line: number;
  /** 0-based position among the objects of the file (after List expansion). */
  readonly index: number;
}

/** Options for parseManifests. */
export interface ParseManifestsOptions {
  /** Most alias expansions per YAML document (default 10,000); more fails with "render-limit". */
  readonly maxAliases?: number;
  /** Set to false to skip the fast path for plain block YAML (tests compare both paths). */
  readonly fastPath?: boolean;
}

const DEFAULT_MAX_ALIASES = 10_000;
// Nodes copied through aliases: a generous bound far above real configs, far below a bomb.
const MAX_ALIAS_NODES = 1_000_000;
// go-yaml v3 stops at 10,000 levels; JavaScript's stack gives out earlier, so Ferry
// stops at 1,000, which no real manifest comes near.
const MAX_DEPTH = 1_000;

/**
 * Returns the Kubernetes objects in a multi-document YAML file, as kustomize reads them:
 * empty and `null` documents skipped, `kind: *List` documents with an `items` sequence
 * expanded into their items, plain scalars resolved as go-yaml does (`yes` is a string,
 * `0777` is 511, `2001-12-14` becomes a timestamp), aliases expanded within bounds.
 * Like kustomize, it requires `kind` and `metadata.name` but not `apiVersion`, and
 * accepts a non-string name (`name: 123` stays a number). Plain block YAML goes through
 * a fast reader; anything else through the `yaml` package, with the same result.
 * Pure: never mutates its input. Throws RenderError naming the file and line.
 *
 * @example
 * parseManifests("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", "base/cm.yaml")
 * // → [{ object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } }, file: "base/cm.yaml", line: 1, index: 0 }]
 */
export function parseManifests(text: string, file: string, options: ParseManifestsOptions = {}): ParsedManifest[] {
  const simple = options.fastPath === false ? undefined : parseSimple(text);
  if (simple !== undefined) {
    const out: ParsedManifest[] = [];
    for (const doc of simple) collect(doc.value, { file, line: doc.line, out });
    return out;
  }
  const lineCounter = new LineCounter();
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const docs = parseYaml(text, file, lineCounter);
  const limits = { maxAliases: options.maxAliases ?? DEFAULT_MAX_ALIASES, maxAliasNodes: MAX_ALIAS_NODES, maxDepth: MAX_DEPTH };
  const out: ParsedManifest[] = [];
  const unterminated = findUnterminatedEnd(text);
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      // The yaml package reports its own stack overflow (very deep flow nesting) as a
      // document error; that is a limit, not a syntax problem.
      if (error.message.includes("Maximum call stack size exceeded")) {
        throw new RenderError({ code: "render-limit", message: `${file} nests YAML too deeply to read; flatten it`, file, cause: error });
      }
      const line = error.linePos?.[0].line ?? lineOf(error.pos[0]);
      throw new RenderError({ message: `${file}:${line} is not valid YAML: ${firstLine(error.message)}; fix the syntax`, file, cause: error });
    }
    const contents = doc.contents;
    const line = contents?.range ? lineOf(contents.range[0]) : 1;
    const value = yamlToJson(contents, { file, lineOf, text, unterminated }, limits);
    collect(value, { file, line, out });
  }
  return out;
}

/** The fast path for plain block YAML; undefined when the file needs the full parser. */
function parseSimple(text: string): ReturnType<typeof parseSimpleYaml> {
  try {
    return parseSimpleYaml(text);
  } catch (cause) {
    // Absurd nesting overflows the fast path's recursion; the full parser reports it.
    if (cause instanceof RangeError) return undefined;
    throw cause;
  }
}

function parseYaml(text: string, file: string, lineCounter: LineCounter): ReturnType<typeof parseAllDocuments<never>> & unknown[] {
  try {
    // failsafe: every scalar stays text, so go-yaml's own rules can resolve it later.
    return parseAllDocuments(text, { lineCounter, schema: "failsafe", uniqueKeys: false, strict: false, prettyErrors: false }) as never;
  } catch (cause) {
    if (cause instanceof RangeError) {
      throw new RenderError({ code: "render-limit", message: `${file} nests YAML too deeply to read; flatten it`, file, cause });
    }
    throw cause;
  }
}

function collect(value: JsonValue, at: { file: string; line: number; out: ParsedManifest[] }): void {
  // kustomize drops empty documents: `null`, `~`, comments only, `{}`.
  if (value === null) return;
  if (!isJsonObject(value)) throw missing(at, "is not a mapping (missing Resource metadata); each YAML document must be one Kubernetes object");
  if (Object.keys(value).length === 0) return;
  const kind = value.kind;
  if (typeof kind === "string" && kind.endsWith("List") && Object.hasOwn(value, "items")) {
    const items = value.items;
    if (items === null || items === undefined) return;
    if (!Array.isArray(items)) throw missing(at, `has a ${kind} whose items is not a sequence; make items a list of objects`);
    for (const item of items) {
      if (!isJsonObject(item)) throw missing(at, `has a ${kind} item that is not a mapping (missing Resource metadata)`);
      collect(item, at);
    }
    return;
  }
  if (typeof kind !== "string" || kind === "") throw missing(at, "has an object without kind (missing kind); add kind");
  const metadata = value.metadata;
  const name = isJsonObject(metadata) ? metadata.name : undefined;
  if (name === undefined || name === null || name === "") {
    throw missing(at, `has a ${kind} without metadata.name (missing metadata.name; generateName is not supported by kustomize); add metadata.name`);
  }
  at.out.push({ object: value as JsonObject as KubeObject, file: at.file, line: at.line, index: at.out.length });
}

function missing(at: { file: string; line: number }, what: string): RenderError {
  return new RenderError({ message: `${at.file}:${at.line} ${what}`, file: at.file });
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}
