import type { JsonObject, JsonValue } from "./kube-object.ts";
import { formatGoTimestamp, resolveYamlScalar } from "./resolve-yaml-scalar.ts";

/** One document read by the fast path: its value and the line its content starts on. */
export interface SimpleYamlDocument {
  readonly value: JsonValue;
  readonly line: number;
}

/**
 * Reads the plain block-style YAML most manifests are written in (block mappings and
 * sequences, one-line plain and quoted scalars, literal blocks, `{}` and `[]`) about ten
 * times faster than the `yaml` package, which dominates Ferry's render time otherwise.
 * Returns undefined as soon as it meets anything else (anchors, tags, flow collections,
 * folded or multi-line scalars, escapes, comments after plain values, odd indentation,
 * duplicate keys, anything invalid): the caller then parses with the `yaml` package, which
 * also produces the error messages. For what it accepts the result equals that path's,
 * which the tests check on every fixture.
 */
export function parseSimpleYaml(text: string): SimpleYamlDocument[] | undefined {
  // A file that ends without a line break may end inside a block scalar, whose last line
  // break is then missing (see unterminatedEnd): rare enough to leave to the full parser.
  if (text.includes("\r") || text.includes("\t") || text.charCodeAt(0) === 0xfeff || (text !== "" && !text.endsWith("\n"))) return undefined;
  const raw = text.split("\n");
  // A final newline ends the last line; it does not start an empty one.
  if (raw[raw.length - 1] === "") raw.pop();
  const docs: SimpleYamlDocument[] = [];
  let lines: Line[] = [];
  const flush = (): boolean => {
    const r = new Reader(lines);
    const first = r.peek();
    if (first === undefined) {
      lines = [];
      return true;
    }
    const value = r.block(-1);
    if (value === BAIL || r.peek() !== undefined) return false;
    docs.push({ value, line: first.no });
    lines = [];
    return true;
  };
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i]!;
    if (s.startsWith("---")) {
      if (s !== "---" || !flush()) return undefined;
      continue;
    }
    if (s.startsWith("...") || s.startsWith("%")) return undefined;
    let indent = 0;
    while (s.charCodeAt(indent) === 0x20) indent++;
    lines.push({ indent, text: s.slice(indent), no: i + 1, raw: s });
  }
  return flush() ? docs : undefined;
}

interface Line {
  indent: number;
  text: string;
  readonly no: number;
  readonly raw: string;
}

const BAIL = Symbol("bail");
type Result = JsonValue | typeof BAIL;
// Keys that start with one of these need the full parser.
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
// Plain values may start with "-", "?" or ":" when no space follows ("--port=80").
const VALUE_INDICATOR = /^([,[\]{}#&*!|>'"%@`]|[-?:]( |$))/;

class Reader {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  /** Returns the next line with content (not blank, not a comment), skipping the others. */
  peek(): Line | undefined {
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      if (l.text !== "" && !l.text.startsWith("#")) return l;
      this.i++;
    }
    return undefined;
  }

  block(parentIndent: number): Result {
    const l = this.peek();
    if (l === undefined || l.indent <= parentIndent) return BAIL;
    return l.text === "-" || l.text.startsWith("- ") ? this.sequence(l.indent) : this.mapping(l.indent);
  }

  private sequence(indent: number): Result {
    const out: JsonValue[] = [];
    for (let l = this.peek(); l !== undefined && l.indent === indent; l = this.peek()) {
      if (!l.text.startsWith("- ")) {
        if (l.text === "-" || !/^[^\s]/.test(l.text)) return BAIL;
        break; // a key of the enclosing (indentless) mapping
      }
      let rest = 2;
      while (l.text.charCodeAt(rest) === 0x20) rest++;
      const content = l.text.slice(rest);
      if (content === "" || content.startsWith("#")) return BAIL;
      if (content.startsWith("- ") || isMappingEntry(content)) {
        // "- key: v" or "- - x": the rest of the line starts a nested block at its column.
        l.indent = indent + rest;
        l.text = content;
        const v = this.block(indent);
        if (v === BAIL) return BAIL;
        out.push(v);
        continue;
      }
      this.i++;
      const v = this.inline(content, indent, l);
      if (v === BAIL) return BAIL;
      out.push(v);
    }
    return out;
  }

  private mapping(indent: number): Result {
    const out: JsonObject = {};
    for (let l = this.peek(); l !== undefined && l.indent >= indent; l = this.peek()) {
      if (l.indent > indent) return BAIL;
      const entry = splitEntry(l.text);
      if (entry === undefined || Object.hasOwn(out, entry.key)) return BAIL;
      this.i++;
      let value: Result;
      if (entry.rest === "" || entry.rest.startsWith("#")) {
        const next = this.peek();
        if (next !== undefined && next.indent === indent && (next.text === "-" || next.text.startsWith("- "))) value = this.sequence(indent);
        else if (next !== undefined && next.indent > indent) value = this.block(indent);
        else value = null;
      } else {
        value = this.inline(entry.rest, indent, l);
      }
      if (value === BAIL) return BAIL;
      if (entry.key === "__proto__") Object.defineProperty(out, entry.key, { value, enumerable: true, writable: true, configurable: true });
      else out[entry.key] = value;
    }
    return out;
  }

  /** Reads a value that starts on the current line, after "key: " or "- ". */
  private inline(s: string, indent: number, line: Line): Result {
    let value: Result;
    if (s === "|" || s === "|-" || s === "|+") return this.literal(indent, s.slice(1));
    if (s === "{}") value = {};
    else if (s === "[]") value = [];
    else if (s.startsWith('"')) value = doubleQuoted(s);
    else if (s.startsWith("'")) value = singleQuoted(s);
    else value = plain(s);
    if (value === BAIL) return BAIL;
    // A more-indented line after a one-line value would continue it (multi-line plain).
    const next = this.peek();
    if (next !== undefined && next.indent > indent && next !== line) return BAIL;
    return value;
  }

  private literal(indent: number, chomp: string): Result {
    // Keep blocks read differently in go-yaml where comments follow (see keptAsGoYaml):
    // rare enough to leave to the full parser.
    if (chomp === "+") return BAIL;
    const start = this.i;
    let blockIndent = -1;
    let end = start;
    for (; end < this.lines.length; end++) {
      const l = this.lines[end]!;
      if (l.text === "") continue;
      if (blockIndent < 0) {
        if (l.indent <= indent) break;
        blockIndent = l.indent;
      } else if (l.indent < blockIndent) break;
    }
    if (blockIndent < 0) return BAIL;
    const body: string[] = [];
    for (let k = start; k < end; k++) {
      const l = this.lines[k]!;
      if (l.text === "" && l.raw.length > blockIndent && k < end) {
        // Whitespace-only lines longer than the indentation keep their extra spaces,
        // and before the first content line they would be an error: leave both alone.
        return BAIL;
      }
      body.push(l.text === "" ? "" : l.raw.slice(blockIndent));
    }
    // Trailing empty lines belong to the block only for keep chomping.
    let last = body.length;
    while (last > 0 && body[last - 1] === "") last--;
    this.i = start + last;
    const content = body.slice(0, last).join("\n");
    const trailing = body.length - last;
    if (chomp === "-") return content;
    if (chomp === "+") {
      this.i = end;
      return `${content}\n${"\n".repeat(trailing)}`;
    }
    return `${content}\n`;
  }
}

function isMappingEntry(s: string): boolean {
  return splitEntry(s) !== undefined;
}

/** Splits "key: rest" / "key:" with a plain or simple quoted key, or undefined. */
function splitEntry(s: string): { key: string; rest: string } | undefined {
  let key: string;
  let after: number;
  if (s.startsWith('"') || s.startsWith("'")) {
    const q = s[0]!;
    const close = s.indexOf(q, 1);
    if (close < 0 || s.slice(1, close).includes("\\") || (q === "'" && s[close + 1] === "'")) return undefined;
    key = s.slice(1, close);
    after = close + 1;
    if (s[after] !== ":") return undefined;
  } else {
    if (INDICATOR.test(s)) return undefined;
    const colon = s.indexOf(": ");
    after = colon >= 0 ? colon : s.endsWith(":") ? s.length - 1 : -1;
    if (after <= 0) return undefined;
    key = s.slice(0, after);
    if (key.endsWith(" ") || key.includes(" #") || key === "<<" || resolveYamlScalar(key).kind !== "str") return undefined;
  }
  if (after + 1 < s.length && s[after + 1] !== " ") return undefined;
  let rest = after + 1;
  while (s.charCodeAt(rest) === 0x20) rest++;
  return { key, rest: s.slice(rest) };
}

function plain(s: string): Result {
  if (VALUE_INDICATOR.test(s) || s.includes(" #") || s.includes(": ") || s.endsWith(":") || s.endsWith(" ")) return BAIL;
  const r = resolveYamlScalar(s);
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
      return Number.isFinite(r.value) ? r.value : BAIL;
    case "timestamp":
      return formatGoTimestamp(r.value) ?? r.value;
  }
}

function doubleQuoted(s: string): Result {
  let out = "";
  let i = 1;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') break;
    if (c === "\\") {
      const e = s[++i];
      if (e === '"' || e === "\\" || e === "/") out += e;
      else if (e === "n") out += "\n";
      else if (e === "t") out += "\t";
      else return BAIL;
    } else {
      out += c;
    }
  }
  return i < s.length && trailerOk(s.slice(i + 1)) ? out : BAIL;
}

function singleQuoted(s: string): Result {
  let out = "";
  let i = 1;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      if (s[i + 1] === "'") {
        out += "'";
        i++;
        continue;
      }
      break;
    }
    out += c;
  }
  return i < s.length && trailerOk(s.slice(i + 1)) ? out : BAIL;
}

/** After a closing quote only spaces and a comment may follow. */
function trailerOk(rest: string): boolean {
  return /^( +#.*| *)$/.test(rest);
}
