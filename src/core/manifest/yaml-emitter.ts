import { RenderError } from "../../errors.ts";
import { isBreak, isPrintable } from "./analyze-yaml-scalar.ts";
import { chooseScalarStyle, codePointLength, escapeChar, isSimpleKey, throughGoJson, type ScalarStyle } from "./choose-scalar-style.ts";
import { compareYamlKeys } from "./compare-yaml-keys.ts";
import { formatGoNumber } from "./format-go-number.ts";
import type { JsonValue } from "./kube-object.ts";

// libyaml's defaults in go-yaml v2: two-space indent, lines folded past column 80.
const BEST_INDENT = 2;
const BEST_WIDTH = 80;
type Style = ScalarStyle;

// Text with nothing to escape or break (printable, no BOM, no line breaks): quoted
// scalars made only of it are written in one piece when they cannot reach column 80.
const SIMPLE_QUOTED = /^[\u0020-\u007e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

/**
 * Writes one JSON value as go-yaml v2 (libyaml's emitter) prints it: block style,
 * keys in go-yaml's natural order, sequences under a key not indented, `{}` and `[]`
 * for empty collections, strings quoted only when they would read back as something
 * else, folded past column 80, multi-line strings as literal blocks. The state
 * (column, whitespace, indention) mirrors libyaml's so folding lands where kustomize's does.
 */
export class YamlEmitter {
  private readonly parts: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  // Manifests repeat the same keys, key sets and values thousands of times; caching the
  // style decision and the key order keeps printing linear in the output size.
  private readonly styles = new Map<string, Style>();
  private readonly orders = new Map<string, string[]>();

  /** Returns everything written so far. */
  text(): string {
    return this.parts.join("");
  }

  /** Writes text as is (a document separator). */
  raw(text: string): void {
    this.parts.push(text);
    this.column = 0;
  }

  /** Writes a whole document (no `---`), ending with a newline. */
  document(value: JsonValue): void {
    this.column = 0;
    this.whitespace = true;
    this.indention = true;
    this.indent = -1;
    this.node(value, { mapping: false, sequence: false, simpleKey: false });
    this.writeIndent();
  }

  private node(value: JsonValue, ctx: { mapping: boolean; sequence: boolean; simpleKey: boolean }): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.emptyFlow("[", "]");
      else this.sequence(value, ctx.mapping);
      return;
    }
    if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      if (keys.length === 0) this.emptyFlow("{", "}");
      else this.mapping(value, keys);
      return;
    }
    this.scalar(value, ctx.simpleKey);
  }

  private sequence(items: readonly JsonValue[], inMapping: boolean): void {
    // A sequence that is a mapping value is "indentless": its dashes line up with the key.
    this.increaseIndent(false, inMapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, { mapping: false, sequence: true, simpleKey: false });
    }
    this.popIndent();
  }

  private mapping(obj: { readonly [key: string]: JsonValue }, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const key of this.order(keys)) {
      // kustomize's JSON → go-yaml v2 step reads a "<<" key as a merge key and drops it.
      if (key === "<<") continue;
      // Go's JSON encoder leaves NEL raw, and go-yaml v2 then reads it as a line break
      // inside a flow key, which must be one line: kustomize fails on such a key.
      if (key.includes("\u0085")) {
        throw new RenderError({ message: `the mapping key ${JSON.stringify(key)} contains U+0085 (NEL), which kustomize cannot print; remove it from the key` });
      }
      const value = obj[key] ?? null;
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, { mapping: true, sequence: false, simpleKey: true });
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.node(key, { mapping: true, sequence: false, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(value, { mapping: true, sequence: false, simpleKey: false });
    }
    this.popIndent();
  }

  private order(keys: string[]): string[] {
    if (keys.length < 2) return keys;
    const signature = keys.join("\u0000");
    let sorted = this.orders.get(signature);
    if (sorted === undefined) {
      // go-yaml's order is not transitive for some mixes of letters and digits ("a10",
      // "a1b2", "a9"), and kustomize itself then prints them in random order (Go map
      // iteration). Sorting by code unit first keeps Ferry's output deterministic.
      sorted = [...keys].sort().sort(compareYamlKeys);
      this.orders.set(signature, sorted);
    }
    return sorted;
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private scalar(value: string | number | boolean | null, simpleKey: boolean): void {
    let text: string;
    let style: Style;
    if (typeof value === "string") {
      text = throughGoJson(value);
      if (text.length > 256) {
        style = chooseScalarStyle(text, simpleKey);
      } else {
        const cacheKey = simpleKey ? `k${text}` : `v${text}`;
        let cached = this.styles.get(cacheKey);
        if (cached === undefined) {
          cached = chooseScalarStyle(text, simpleKey);
          this.styles.set(cacheKey, cached);
        }
        style = cached;
      }
    } else {
      text = value === null ? "null" : typeof value === "boolean" ? String(value) : formatGoNumber(value);
      style = "plain";
    }
    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    if (style === "plain") this.writePlain(text, allowBreaks);
    else if (style === "single") this.writeSingleQuoted(text, allowBreaks);
    else if (style === "double") this.writeDoubleQuoted(text, allowBreaks);
    else this.writeLiteral(text);
    this.popIndent();
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private put(s: string, width = s.length): void {
    this.parts.push(s);
    this.column += width;
  }

  private putBreak(): void {
    this.parts.push("\n");
    this.column = 0;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) this.put(" ".repeat(indent - this.column));
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (value.length > 0 && !this.whitespace) this.put(" ");
    if (!allowBreaks || !value.includes(" ") || this.column + value.length <= BEST_WIDTH + 1) {
      this.put(value, codePointLength(value));
    } else {
      let spaces = false;
      const cps = Array.from(value);
      for (let i = 0; i < cps.length; i++) {
        const ch = cps[i]!;
        if (ch === " ") {
          if (!spaces && this.column > BEST_WIDTH && cps[i + 1] !== " ") this.writeIndent();
          else this.put(ch);
          spaces = true;
        } else {
          this.put(ch, 1);
          this.indention = false;
          spaces = false;
        }
      }
    }
    if (value.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const body = value.replaceAll("'", "''");
    if (SIMPLE_QUOTED.test(value) && (!allowBreaks || !value.includes(" ") || this.column + body.length <= BEST_WIDTH + 1)) {
      this.put(body, codePointLength(body));
      this.writeIndicator("'", false, false, false);
      this.whitespace = false;
      this.indention = false;
      return;
    }
    let spaces = false;
    let breaks = false;
    const cps = Array.from(value);
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i]!;
      const c = ch.codePointAt(0)!;
      if (ch === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1 && cps[i + 1] !== " ") this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && ch === "\n") this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch === "'" ? "''" : ch, ch === "'" ? 2 : 1);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    if (SIMPLE_QUOTED.test(value) && !/["\\]/.test(value) && (!allowBreaks || !value.includes(" ") || this.column + value.length <= BEST_WIDTH + 1)) {
      this.put(value, codePointLength(value));
      this.writeIndicator('"', false, false, false);
      this.whitespace = false;
      this.indention = false;
      return;
    }
    // libyaml's is_bom looks at the start of the string, not the current character, so
    // a string that starts with a BOM has every character escaped (kustomize prints
    // "\uFEFF\x78" for "\uFEFFx").
    const bom = value.charCodeAt(0) === 0xfeff;
    let spaces = false;
    const cps = Array.from(value);
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i]!;
      const c = ch.codePointAt(0)!;
      if (bom || !isPrintable(c) || isBreak(c) || ch === '"' || ch === "\\") {
        const e = escapeChar(c);
        this.put(e, e.length);
        spaces = false;
      } else if (ch === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1) {
          this.writeIndent();
          if (cps[i + 1] === " ") this.put("\\");
        } else {
          this.put(ch);
        }
        spaces = true;
      } else {
        this.put(ch, 1);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator("|", true, false, false);
    // Literal blocks only hold printable text, so breaks are "\n", LS or PS, and the
    // only ones that matter for the hints sit at the two ends.
    const first = value.codePointAt(0)!;
    if (first === 0x20 || isBreak(first)) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = value.charCodeAt(value.length - 1);
    const beforeLast = value.length > 1 ? value.charCodeAt(value.length - 2) : undefined;
    let chomp = "";
    if (!isBreak(last)) chomp = "-";
    else if (beforeLast === undefined || isBreak(beforeLast)) chomp = "+";
    if (chomp !== "") this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    // Split at every break, keeping the break: content between breaks is written after
    // an indent, each "\n" is a line break, and LS/PS are copied and reset the column.
    let start = 0;
    for (let i = 0; i <= value.length; i++) {
      const c = i < value.length ? value.charCodeAt(i) : -1;
      if (c !== -1 && !isBreak(c)) continue;
      if (i > start) {
        this.writeIndent();
        const run = value.slice(start, i);
        this.put(run, codePointLength(run));
        this.indention = false;
      }
      if (c !== -1) {
        this.writeBreak(value[i]!);
        this.indention = true;
      }
      start = i + 1;
    }
  }


  private writeBreak(ch: string): void {
    if (ch === "\n") this.putBreak();
    else {
      this.parts.push(ch);
      this.column = 0;
    }
  }
}
