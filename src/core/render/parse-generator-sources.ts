import { RenderError } from "../../errors.ts";

/** One key of a generated ConfigMap or Secret, before validation. */
export interface GeneratorPair {
  readonly key: string;
  readonly value: string;
  /** Raw bytes when the value came from a file that is not valid UTF-8. */
  readonly bytes?: Uint8Array;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
// bufio.Scanner's default token limit: kustomize fails on longer .env lines.
const MAX_ENV_LINE_BYTES = 64 * 1024;

/**
 * Returns the pairs of a `.env` file as kustomize reads them: one `KEY=value` per line,
 * leading whitespace and a first-line BOM dropped, blank lines and `#` comments
 * skipped, the value kept verbatim (quotes and trailing spaces included), and `KEY`
 * alone meaning an empty value. Keys must be environment variable names.
 */
export function parseEnvFile(text: string, file: string): GeneratorPair[] {
  const pairs: GeneratorPair[] = [];
  const lines = text.split("\n");
  // A final newline ends the last line rather than starting an empty one.
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  lines.forEach((raw, index) => {
    let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (Buffer.byteLength(line) > MAX_ENV_LINE_BYTES) throw new RenderError({ file, message: `env file "${file}" line ${index + 1} is longer than 64 KiB; kustomize cannot read it` });
    if (index === 0 && line.startsWith("\uFEFF")) line = line.slice(1);
    line = line.replace(/^\s+/u, "");
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const key = eq < 0 ? line : line.slice(0, eq);
    // The line is not quoted: a value written without its key would be shown otherwise.
    if (!ENV_NAME.test(key)) throw new RenderError({ file, message: `env file "${file}" line ${index + 1} does not start with a valid variable name; write KEY=value, with letters, digits, "-", "_" and "." in KEY` });
    pairs.push({ key, value: eq < 0 ? "" : line.slice(eq + 1) });
  });
  return pairs;
}

/**
 * Returns the key and value of a `literals` entry (`key=value`); the value loses one
 * pair of matching surrounding quotes, as in kustomize.
 */
export function parseLiteralSource(source: string, file: string): GeneratorPair {
  const eq = source.indexOf("=");
  // Never quote the literal: in a secretGenerator it is the secret itself.
  if (eq <= 0) throw new RenderError({ file, message: `a literal in "${file}" is not key=value (its text is not shown, since it may be a secret); write it as key=value` });
  let value = source.slice(eq + 1);
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[0] === value[value.length - 1]) value = value.slice(1, -1);
  return { key: source.slice(0, eq), value };
}

/** Returns the key and path of a `files` entry: `path` (key = its base name) or `key=path`. */
export function parseFileSource(source: string, file: string): { key: string; path: string } {
  const parts = source.split("=");
  if (parts.length === 1) return { key: source.slice(source.lastIndexOf("/") + 1), path: source };
  const [key = "", path = ""] = parts;
  if (parts.length > 2) throw new RenderError({ file, message: `file source "${source}" in "${file}" has more than one "="; key names and file paths cannot contain "="` });
  if (key === "") throw new RenderError({ file, message: `file source "${source}" in "${file}" is missing the key name before "="` });
  if (path === "") throw new RenderError({ file, message: `file source "${source}" in "${file}" is missing the file path after "="` });
  return { key, path };
}

/** Throws unless `key` is a valid ConfigMap/Secret data key, as Kubernetes validates it. */
export function checkDataKey(key: string, name: string, file: string): void {
  const bad = key.length > 253 || !CONFIG_MAP_KEY.test(key) || key === "." || key === ".." || key.startsWith("..");
  if (bad) throw new RenderError({ file, message: `generator "${name}" in "${file}" has invalid key "${key}"; keys use letters, digits, "-", "_" and "." (not starting with "..")` });
}
