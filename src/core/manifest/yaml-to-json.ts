import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Scalar } from "yaml";
import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue } from "./kube-object.ts";
import { analyzeYamlScalar } from "./analyze-yaml-scalar.ts";
import { findBlockScalarTab } from "./find-block-scalar-tab.ts";
import { dateOnlyTimestamp, formatGoTimestamp, resolveYamlScalar } from "./resolve-yaml-scalar.ts";

/** Budgets that stop hostile YAML (alias bombs, absurd nesting) early. */
export interface YamlToJsonLimits {
  /** Most alias dereferences in one document. */
  readonly maxAliases: number;
  /** Most nodes copied through aliases in one document. */
  readonly maxAliasNodes: number;
  /** Deepest nesting of mappings and sequences. */
  readonly maxDepth: number;
}

/** Where a conversion is: the file (for messages) and a way to turn offsets into lines. */
export interface YamlToJsonSource {
  readonly file: string;
  readonly lineOf: (offset: number) => number;
  /** The whole text, for the checks that need the source of a node (block scalars). */
  readonly text?: string;
  /** Where the text ends when no line break ends it, from `findUnterminatedEnd`. */
  readonly unterminated?: UnterminatedEnd;
  /**
   * What a key given twice in one mapping means (default "error"). kustomize reads
   * each kind of file with a different library: resources refuse duplicates, a
   * strategic merge patch (kyaml nodes) uses the first, a kustomization or a JSON
   * patch (YAML turned into JSON) the last.
   */
  readonly duplicateKeys?: DuplicateKeys;
  /**
   * Read plain scalars as go-yaml v2 does (YAML 1.1: `yes`, `on`, `y` are booleans,
   * timestamps stay text), as sigs.k8s.io/yaml reads a kustomization.
   */
  readonly yaml11?: boolean;
}

/** How a repeated mapping key is read: refused, or the first or the last one kept. */
export type DuplicateKeys = "error" | "first" | "last";

/** The end of a text whose last line has no line break: its offset and that line. */
export interface UnterminatedEnd {
  readonly offset: number;
  readonly lastLine: string;
}

/**
 * Returns where `text` ends when no line break ends its last line, else undefined.
 * libyaml (and so kustomize) then reads a block scalar that runs to the end of the file
 * without a final line break (`key: |` prints back as `|-`), where the `yaml` package
 * adds one.
 */
export function findUnterminatedEnd(text: string): UnterminatedEnd | undefined {
  const last = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r"));
  return last === text.length - 1 ? undefined : { offset: text.length, lastLine: text.slice(last + 1) };
}

/**
 * Returns a block scalar's value without the line break the `yaml` package adds after an
 * unterminated last line. A last line of spaces only is indentation unless it is longer
 * than the block's indentation, when its extra spaces are the scalar's last line.
 */
function withoutAddedBreak(value: string, end: UnterminatedEnd): string {
  if (!value.endsWith("\n")) return value;
  if (/[^ ]/.test(end.lastLine)) return value.slice(0, -1);
  const lastValueLine = value.slice(value.lastIndexOf("\n", value.length - 2) + 1, -1);
  return lastValueLine !== "" && /^ +$/.test(lastValueLine) && end.lastLine.endsWith(lastValueLine) ? value.slice(0, -1) : value;
}

const KEEP = /^[|>](?:[1-9]?\+|\+[1-9]?)/;

/**
 * Returns a keep block's value (`|+`, `>+`) as go-yaml v3 reads it when it ends in blank
 * lines, which differs from the YAML spec (and the `yaml` package) in two ways, found by
 * comparing random blocks with kubectl kustomize: a folded one whose last line is an
 * ordinary one (not starting with a space) gets one line break more, and so does any
 * keep block when the rest of its document holds only comments. kustomize prints what
 * go-yaml read.
 */
function keptAsGoYaml(params: { value: string; folded: boolean; source: string; range: readonly number[] }): string {
  const { value, folded, source, range } = params;
  const start = range[0] as number;
  // Both come from kyaml writing the node back out with go-yaml v3 and reading it again,
  // which only keeps a block when the value can be one.
  if (!value.endsWith("\n\n") || !KEEP.test(source.slice(start, start + 3)) || !v3BlockAllowed(value)) return value;
  let out = value;
  if (folded) {
    const content = value.replace(/\n+$/, "");
    const lastLine = content.slice(content.lastIndexOf("\n") + 1);
    if (!(lastLine === "" || lastLine.startsWith(" ") || lastLine.startsWith("\t"))) out += "\n";
  }
  const rest = source.slice(range[1]);
  const end = rest.search(/^(?:---|\.\.\.)/m);
  const lines = (end < 0 ? rest : rest.slice(0, end)).split("\n");
  if (lines.every((l) => /^\s*(?:#.*)?$/.test(l)) && lines.some((l) => /^\s*#/.test(l))) out += "\n";
  return out;
}

/**
 * Returns whether go-yaml v3 (kyaml's writer) may write `value` as a block scalar: as
 * libyaml decides it, except that v3 accepts tabs there.
 */
function v3BlockAllowed(value: string): boolean {
  return analyzeYamlScalar(value.replaceAll("\t", "x")).blockAllowed;
}

/**
 * Returns a folded block scalar's value as kustomize ends up with it. kyaml writes the
 * node out again in folded style with go-yaml v3 and reads it back, and go-yaml's folded
 * writer decides whether to add the line break that keeps a line break from folding by
 * looking at the start of the whole value instead of the next line. So when the value
 * starts with a non-blank character, a line break before a more indented line gains one
 * (`>` with "one", "  two" reads as "one\n\n  two"); when it starts with a blank, a
 * line break between two lines at the block's indentation loses one (a single one
 * becomes a space). Checked against kubectl kustomize v5.5 by fuzzing.
 */
function foldedAsGoYaml(value: string): string {
  if (!value.includes("\n") || !v3BlockAllowed(value)) return value;
  const first = value.replace(/^\n+/, "").charAt(0);
  if (first === "") return value;
  if (first !== " " && first !== "\t") {
    return value.replace(/(?<=^|\n)([^\n \t][^\n]*)(\n+)(?=[ \t])/g, "$1$2\n");
  }
  return value.replace(/(?<=^|\n)([^\n \t][^\n]*)(\n+)(?=[^\n \t])/g, (_m, line: string, breaks: string) => `${line}${breaks.length === 1 ? " " : breaks.slice(1)}`);
}

const TAG = "tag:yaml.org,2002:";

/**
 * Converts one parsed YAML document's node into JSON data the way kustomize reads it
 * (go-yaml v3 decoding into Go maps): plain scalars resolved with go-yaml's rules,
 * aliases expanded into fresh copies, merge keys (`<<`) applied without overriding
 * explicit keys, duplicate and non-string keys rejected. Throws RenderError.
 */
export function yamlToJson(node: unknown, source: YamlToJsonSource, limits: YamlToJsonLimits): JsonValue {
  return new Converter(source, limits).convert(node, 0, false);
}

class Converter {
  private readonly anchors = new Map<string, Node>();
  private readonly active = new Set<Node>();
  private aliases = 0;
  private aliasNodes = 0;
  private inAlias = 0;

  constructor(
    private readonly source: YamlToJsonSource,
    private readonly limits: YamlToJsonLimits,
  ) {}

  convert(node: unknown, depth: number, flow: boolean): JsonValue {
    // kustomize reads a missing value inside a flow collection (`{x: }`) as "".
    if (node === null || node === undefined) return flow ? "" : null;
    if (this.inAlias > 0 && ++this.aliasNodes > this.limits.maxAliasNodes) {
      throw this.limit(node, `expands aliases into more than ${this.limits.maxAliasNodes} nodes (a YAML bomb?); remove the anchors and aliases`);
    }
    if (isAlias(node)) return this.alias(node.source, node, depth, flow);
    const n = node as Node;
    // Anchors inside an alias expansion are the originals seen again; re-registering
    // them would undo a later redefinition of the same anchor name.
    if (this.inAlias === 0 && "anchor" in n && typeof n.anchor === "string" && n.anchor !== "") this.anchors.set(n.anchor, n);
    if (isScalar(node)) return this.scalar(node, flow);
    if (depth >= this.limits.maxDepth) throw this.limit(node, `nests mappings and sequences deeper than ${this.limits.maxDepth} levels`);
    this.active.add(n);
    try {
      if (isSeq(node)) return node.items.map((item) => this.convert(item, depth + 1, flow || node.flow === true));
      if (isMap(node)) return this.map(node.items, depth, flow || node.flow === true);
    } finally {
      this.active.delete(n);
    }
    throw this.fail(node, "holds a YAML node Ferry cannot read");
  }

  private alias(name: string, node: Node, depth: number, flow: boolean): JsonValue {
    if (++this.aliases > this.limits.maxAliases) {
      throw this.limit(node, `uses more than ${this.limits.maxAliases} alias expansions (a YAML bomb?); remove the anchors and aliases`);
    }
    const target = this.anchors.get(name);
    if (target === undefined) throw this.fail(node, `uses alias *${name} before its anchor &${name} is defined`);
    if (this.active.has(target)) throw this.fail(node, `uses alias *${name} inside the node it names`);
    this.inAlias++;
    try {
      return this.convert(target, depth, flow);
    } finally {
      this.inAlias--;
    }
  }

  private scalar(node: Scalar, flow: boolean): JsonValue {
    let text = typeof node.value === "string" ? node.value : String(node.value ?? "");
    const isBlock = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
    if (isBlock && this.source.text !== undefined && node.range) {
      const tab = findBlockScalarTab(this.source.text, node.range[0], node.range[1]);
      if (tab !== undefined) {
        throw new RenderError({ file: this.source.file, message: `${this.source.file}:${this.source.lineOf(tab)} has a tab where a block scalar's indentation spaces are expected (kustomize refuses it too); indent with spaces` });
      }
    }
    if (node.type === "BLOCK_FOLDED") text = foldedAsGoYaml(text);
    if (isBlock && this.source.text !== undefined && node.range) text = keptAsGoYaml({ value: text, folded: node.type === "BLOCK_FOLDED", source: this.source.text, range: node.range });
    const end = this.source.unterminated;
    if (end !== undefined && (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") && node.range?.[1] === end.offset) text = withoutAddedBreak(text, end);
    const tag = node.tag;
    const plain = node.type === "PLAIN" || node.type === undefined;
    if (tag === undefined || tag === "" || tag === "!") {
      if (!plain || tag === "!") return text;
      if (flow && text === "") return "";
      return this.resolved(node, text, resolveYamlScalar(text, this.source.yaml11 === true), flow);
    }
    if (!tag.startsWith(TAG)) return text; // custom tags: go-yaml keeps the text
    const short = tag.slice(TAG.length);
    if (short === "str") return text;
    if (short === "binary") return decodeBase64(text);
    const r = resolveYamlScalar(text);
    if (short === "null" && r.kind === "null") return null;
    if (short === "bool" && r.kind === "bool") return r.value;
    if (short === "int" && r.kind === "int") return this.resolved(node, text, r, flow);
    if (short === "float" && (r.kind === "int" || r.kind === "float")) return this.resolved(node, text, r, flow);
    if (short === "timestamp" && r.kind === "timestamp") return dateOnlyTimestamp(text) ?? text;
    // The value itself is not quoted: it may be a secret (this error can reach a PR comment).
    throw this.fail(node, `has a value that is not a valid !!${short}; remove the tag or fix the value`);
  }

  private resolved(node: Node, text: string, r: ReturnType<typeof resolveYamlScalar>, flow: boolean): JsonValue {
    switch (r.kind) {
      case "str":
        return r.value;
      case "null":
        return null;
      case "bool":
        return r.value;
      case "int":
        return Number(r.value);
      case "float":
        if (!Number.isFinite(r.value)) {
          throw this.fail(node, `has an infinite or NaN number, which kustomize cannot print (JSON has neither); quote it`);
        }
        return r.value;
      case "timestamp":
        if (this.source.yaml11 === true) return text;
        // Checked against kubectl kustomize v5.5: block-style timestamps come out in
        // Go's RFC 3339 form, flow-style ones only when they are dates.
        return (flow ? dateOnlyTimestamp(r.value) : formatGoTimestamp(r.value)) ?? r.value;
    }
  }

  private map(pairs: readonly unknown[], depth: number, flow: boolean): JsonObject {
    const out: JsonObject = {};
    const lines = new Map<string, number>();
    const merges: unknown[] = [];
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key;
      if (isMergeKey(keyNode)) {
        merges.push(pair.value);
        continue;
      }
      const key = this.convert(keyNode, depth + 1, false);
      // go-yaml v3 reads an unquoted date key as a time, which JSON cannot hold: kustomize fails on it.
      if (this.source.yaml11 !== true && isScalar(keyNode) && (keyNode.type === "PLAIN" || keyNode.type === undefined) && (keyNode.tag === undefined || keyNode.tag === "!!timestamp" || keyNode.tag === "tag:yaml.org,2002:timestamp")) {
        if (resolveYamlScalar(String(keyNode.value)).kind === "timestamp") throw this.fail(keyNode, `has the mapping key ${String(keyNode.value)}, which YAML reads as a timestamp, not a string; quote it`);
      }
      if (typeof key !== "string") {
        throw this.fail(keyNode ?? pair.value, `has the mapping key ${JSON.stringify(key)}, which is not a string; quote it`);
      }
      const line = this.line(keyNode ?? pair.value);
      const first = lines.get(key);
      if (first !== undefined) {
        const mode = this.source.duplicateKeys ?? "error";
        if (mode === "first") continue;
        if (mode === "error") throw this.fail(keyNode, `defines the mapping key ${JSON.stringify(key)} twice (first at line ${first}); remove one`);
      }
      lines.set(key, line);
      setKey(out, key, this.convert(pair.value, depth + 1, flow));
    }
    for (const m of merges) {
      for (const src of this.mergeSources(m, depth, flow)) {
        for (const [k, v] of Object.entries(src)) if (!Object.hasOwn(out, k)) setKey(out, k, v);
      }
    }
    return out;
  }

  private mergeSources(value: unknown, depth: number, flow: boolean): JsonObject[] {
    const items = isSeq(value) ? value.items : [value];
    return items.map((item) => {
      const v = this.convert(item, depth + 1, flow);
      if (typeof v !== "object" || v === null || Array.isArray(v)) throw this.fail(item, "merges (<<) something that is not a mapping");
      return v;
    });
  }

  private line(node: unknown): number {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.source.lineOf(range[0]) : 0;
  }

  private fail(node: unknown, what: string): RenderError {
    return new RenderError({ message: `${this.where(node)} ${what}`, file: this.source.file });
  }

  private limit(node: unknown, what: string): RenderError {
    return new RenderError({ code: "render-limit", message: `${this.where(node)} ${what}`, file: this.source.file });
  }

  private where(node: unknown): string {
    const line = this.line(node);
    return line > 0 ? `${this.source.file}:${line}` : this.source.file;
  }
}

function isMergeKey(node: unknown): boolean {
  if (!isScalar(node) || node.value !== "<<") return false;
  if (node.tag === `${TAG}merge`) return true;
  return node.tag === undefined && (node.type === "PLAIN" || node.type === undefined);
}

/** Sets a key without ever touching the prototype ("__proto__" is data here). */
function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function decodeBase64(text: string): string {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) return text;
  const bytes = Uint8Array.from(atob(text.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
