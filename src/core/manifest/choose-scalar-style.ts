import { RenderError } from "../../errors.ts";
import { analyzeYamlScalar } from "./analyze-yaml-scalar.ts";
import { resolveYamlScalar } from "./resolve-yaml-scalar.ts";

/** The scalar styles go-yaml v2 prints. */
export type ScalarStyle = "plain" | "single" | "double" | "literal";

// libyaml writes a key as "? key" instead of "key:" when it is longer than this (bytes).
const MAX_SIMPLE_KEY_BYTES = 128;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const encoder = new TextEncoder();

const NEEDS_JSON_CHECK = /[\u007f-\u009f\ufffe\uffff\ud800-\udfff]/;

/**
 * Returns a string as it comes out of kustomize's JSON → go-yaml v2 round trip: NEL
 * (U+0085) is a line break to go-yaml's scanner, so it folds like one; lone surrogates
 * become U+FFFD. Throws for the characters go-yaml's reader rejects (DEL, C1 controls,
 * U+FFFE, U+FFFF), as kustomize fails with "control characters are not allowed".
 */
export function throughGoJson(value: string): string {
  if (!NEEDS_JSON_CHECK.test(value)) return value;
  const bad = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new RenderError({ message: `a value contains the control character U+${code}, which kustomize cannot print; remove it or encode the value (base64)` });
  }
  return value
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    .replace(/[ \t]*(?:\u0085[ \t]*)+/g, (run) => {
      const breaks = run.split("\u0085").length - 1;
      return breaks === 1 ? " " : "\n".repeat(breaks - 1);
    });
}

/** Returns the style go-yaml v2 (stringv, then libyaml's select_scalar_style) prints a string in. */
export function chooseScalarStyle(value: string, simpleKey: boolean): ScalarStyle {
  // go-yaml v2's stringv: quote whatever would read back as another type.
  const canUsePlain = resolveYamlScalar(value, true).kind === "str" && !isBase60Float(value);
  let style: ScalarStyle = value.includes("\n") ? "literal" : canUsePlain ? "plain" : "double";
  const a = analyzeYamlScalar(value);
  // libyaml's yaml_emitter_select_scalar_style, at flow level 0.
  if (simpleKey && a.multiline) style = "double";
  if (style === "plain" && (!a.blockPlainAllowed || (value.length === 0 && simpleKey))) style = "single";
  if (style === "single" && !a.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";
  return style;
}

function isBase60Float(s: string): boolean {
  if (s === "" || !/^[-+0-9]/.test(s) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}

/** Returns true when libyaml writes the key as `key:` rather than `? key`. */
export function isSimpleKey(key: string): boolean {
  if (/[\n\r\u0085\u2028\u2029]/.test(key)) return false;
  return (key.length <= MAX_SIMPLE_KEY_BYTES / 3 ? key.length : encoder.encode(key).length) <= MAX_SIMPLE_KEY_BYTES;
}

const ESCAPES: Record<number, string> = {
  0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r", 0x1b: "e",
  0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
};

/** Returns libyaml's double-quoted escape for a code point. */
export function escapeChar(c: number): string {
  const short = ESCAPES[c];
  if (short !== undefined) return `\\${short}`;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `\\x${hex.padStart(2, "0")}`;
  if (c <= 0xffff) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}

/** Returns the number of code points in a string (libyaml counts columns in characters). */
export function codePointLength(s: string): number {
  if (!/[\ud800-\udfff]/.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}
