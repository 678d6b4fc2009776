/**
 * How Go's YAML libraries read an untagged plain scalar. kustomize reads manifests with
 * go-yaml v3 (YAML 1.2-ish booleans, but 1.1 octals like `0777`) and prints them with
 * go-yaml v2 (YAML 1.1: `yes`, `on`, `y` are booleans), so the same resolver serves both
 * sides with a switch for the 1.1 boolean words.
 */

/** What a plain scalar means to go-yaml. */
export type ResolvedScalar =
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "null"; readonly value: null }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "timestamp"; readonly value: string };

const NULL_WORDS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUE_WORDS = new Set(["true", "True", "TRUE"]);
const FALSE_WORDS = new Set(["false", "False", "FALSE"]);
// go-yaml v2 only: YAML 1.1 booleans.
const TRUE_WORDS_11 = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const FALSE_WORDS_11 = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF"]);
const SPECIAL_FLOATS = new Map<string, number>([
  [".nan", Number.NaN], [".NaN", Number.NaN], [".NAN", Number.NaN],
  [".inf", Infinity], [".Inf", Infinity], [".INF", Infinity],
  ["+.inf", Infinity], ["+.Inf", Infinity], ["+.INF", Infinity],
  ["-.inf", -Infinity], ["-.Inf", -Infinity], ["-.INF", -Infinity],
]);
// go-yaml's yamlStyleFloat: decides which digit strings Go's ParseFloat may read.
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Returns what go-yaml makes of the plain scalar `text`: v3 rules by default, v2 rules
 * (YAML 1.1 booleans) with `yaml11`. Timestamps come back as their source text.
 */
export function resolveYamlScalar(text: string, yaml11 = false): ResolvedScalar {
  const first = text.charCodeAt(0);
  // go-yaml's resolveTable: only these first characters can start a non-string.
  const hint = text === "" ? "M" : hintOf(first);
  if (hint === "") return { kind: "str", value: text };
  if (NULL_WORDS.has(text)) return { kind: "null", value: null };
  if (TRUE_WORDS.has(text) || (yaml11 && TRUE_WORDS_11.has(text))) return { kind: "bool", value: true };
  if (FALSE_WORDS.has(text) || (yaml11 && FALSE_WORDS_11.has(text))) return { kind: "bool", value: false };
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return { kind: "float", value: special };
  if (hint === ".") {
    if (DOT_FLOAT.test(text)) {
      const f = Number(text);
      if (Number.isFinite(f)) return { kind: "float", value: f };
    }
    return { kind: "str", value: text };
  }
  if (hint !== "D") return { kind: "str", value: text };
  if (isGoTimestamp(text)) return { kind: "timestamp", value: text };
  const plain = text.replaceAll("_", "");
  const int = parseGoInt(plain);
  if (int !== undefined) return { kind: "int", value: int };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    // Go's ParseFloat reports overflow as an error, so "1e400" stays a string.
    if (Number.isFinite(f)) return { kind: "float", value: f };
  }
  if (plain.startsWith("0b") || plain.startsWith("-0b")) {
    const neg = plain.startsWith("-");
    const digits = plain.slice(neg ? 3 : 2);
    if (/^[01]+$/.test(digits)) {
      const v = neg ? -BigInt(`0b${digits}`) : BigInt(`0b${digits}`);
      if (v >= INT64_MIN && v <= UINT64_MAX) return { kind: "int", value: v };
    }
  }
  // go-yaml v2 (kubernetes-sigs fork) reads out-of-range integers as big.Int.
  if (yaml11 && /^[-+]?[0-9]+$/.test(plain)) return { kind: "int", value: BigInt(plain) };
  return { kind: "str", value: text };
}

function hintOf(c: number): "" | "M" | "." | "D" {
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d) return "D";
  if (c === 0x2e) return ".";
  // y Y n N t T f F o O ~
  if ("yYnNtTfFoO~".includes(String.fromCharCode(c))) return "M";
  return "";
}

/**
 * Returns the value of Go's `strconv.ParseInt(s, 0, 64)`, or failing that
 * `ParseUint(s, 0, 64)`, or undefined when both fail.
 */
function parseGoInt(s: string): bigint | undefined {
  let body = s;
  let sign = 1n;
  if (body.startsWith("+") || body.startsWith("-")) {
    if (body.startsWith("-")) sign = -1n;
    body = body.slice(1);
  }
  let radix = 10;
  if (/^0[xX]/.test(body)) {
    radix = 16;
    body = body.slice(2);
  } else if (/^0[oO]/.test(body)) {
    radix = 8;
    body = body.slice(2);
  } else if (/^0[bB]/.test(body)) {
    radix = 2;
    body = body.slice(2);
  } else if (body.length > 1 && body.startsWith("0")) {
    radix = 8;
    body = body.slice(1);
  }
  if (body === "" || !DIGITS[radix]?.test(body)) return undefined;
  const magnitude = radix === 10 ? BigInt(body) : BigInt(`${RADIX_PREFIX[radix]}${body}`);
  const v = sign * magnitude;
  if (v >= INT64_MIN && v <= INT64_MAX) return v;
  // ParseUint takes no sign at all.
  if (!s.startsWith("+") && !s.startsWith("-") && v <= UINT64_MAX) return v;
  return undefined;
}

const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };
const RADIX_PREFIX: Record<number, string> = { 2: "0b", 8: "0o", 16: "0x" };

// go-yaml's allowedTimestampFormats, as Go's time.Parse reads them: 4-digit year,
// 1–2 digit month, day, hour, minute and second, optional fraction, and a zone only
// with the "T" forms.
const TS_DATE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/;
const TS_T = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const TS_SPACE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2}) ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?$/;

/** Returns true when go-yaml would read the plain scalar as a timestamp. */
export function isGoTimestamp(text: string): boolean {
  const m = TS_T.exec(text) ?? TS_SPACE.exec(text);
  if (m) {
    if (!validDate(m[1], m[2], m[3])) return false;
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
    const zone = m[8];
    if (zone !== undefined && zone !== "Z" && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return false;
    return true;
  }
  const d = TS_DATE.exec(text);
  return d !== null && validDate(d[1], d[2], d[3]);
}

/**
 * Returns the RFC 3339 form kustomize prints for a date-only plain scalar
 * ("2001-1-5" → "2001-01-05T00:00:00Z"), or undefined for anything else. kustomize
 * turns date-only scalars into time values but keeps full timestamps as written
 * (checked against kubectl kustomize v5.5).
 */
export function dateOnlyTimestamp(text: string): string | undefined {
  const d = TS_DATE.exec(text);
  if (!d || !validDate(d[1], d[2], d[3])) return undefined;
  return `${d[1]}-${d[2]!.padStart(2, "0")}-${d[3]!.padStart(2, "0")}T00:00:00Z`;
}

/**
 * Returns the RFC 3339 text Go prints for a timestamp go-yaml parsed
 * (`time.RFC3339Nano`: fraction without trailing zeros, "Z" for a zero offset), or
 * undefined when `text` is not one.
 */
export function formatGoTimestamp(text: string): string | undefined {
  const date = dateOnlyTimestamp(text);
  if (date !== undefined) return date;
  if (!isGoTimestamp(text)) return undefined;
  const m = (TS_T.exec(text) ?? TS_SPACE.exec(text))!;
  const pad = (v: string | undefined): string => (v ?? "").padStart(2, "0");
  const frac = (m[7] ?? "").replace(/0+$/, "");
  const zone = m[8] === undefined || m[8] === "Z" || /^[+-]00:00$/.test(m[8]) ? "Z" : m[8];
  return `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}${frac === "." ? "" : frac}${zone}`;
}

function validDate(y: string | undefined, m: string | undefined, d: string | undefined): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}
