import { isScalar, parseDocument, visit, type Document, type YAMLError } from "yaml";
import { ConfigError } from "../errors.ts";
import { environmentSchema, settingsSchema, type EnvironmentSettings, type Settings } from "./settings-schema.ts";
import { formatZodIssues, type SettingsIssue } from "./format-issues.ts";
import { checkEnvironments } from "./check-environments.ts";
import { checkEngines } from "./check-engines.ts";

/** The file Ferry reads its settings from, on the default branch. */
export const SETTINGS_FILE = ".github/ferry.yml";

/** The largest settings file Ferry reads (bytes); a larger one is refused before it is parsed. */
export const MAX_SETTINGS_BYTES = 512 * 1024;

/** The environments assumed when the settings name none: staging, promoted to production. */
export const CONVENTIONAL_ENVIRONMENTS: readonly EnvironmentSettings[] = [
  environmentSchema.parse({ name: "staging" }),
  environmentSchema.parse({ name: "production", promotesFrom: "staging" }),
];

/**
 * Returns the settings in `yamlText` with every default filled in. Throws ConfigError
 * (code "config-invalid") listing every problem with its key path, what is wrong and
 * how to fix it: YAML syntax, unknown keys, wrong types, and cross checks (unique
 * environment names and branches, `promotesFrom` naming a known environment, no
 * promotion cycles). An empty file gives the defaults.
 *
 * @example
 * const settings = parseSettings("environments:\n  - name: staging\n");
 */
export function parseSettings(yamlText: string, file = SETTINGS_FILE): Settings {
  // Before any parsing: a few megabytes of YAML cost seconds and hundreds of megabytes.
  const bytes = Buffer.byteLength(yamlText, "utf8");
  if (bytes > MAX_SETTINGS_BYTES) throw settingsError(file, [{ path: "(file)", message: `is ${formatSize(bytes)}, more than the ${formatSize(MAX_SETTINGS_BYTES)} Ferry reads; keep the settings short (environments, rules, exemptions), not generated data` }]);
  // The parser's own uniqueKeys check compares every key with every earlier one (20,000
  // keys took 4 s), so duplicates are found here instead, in one pass.
  const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0) throw settingsError(file, uniqueIssues(doc.errors.map(describeYamlError)));
  const duplicates = findDuplicateKeys(doc, yamlText);
  if (duplicates.length > 0) throw settingsError(file, duplicates);
  let raw: unknown;
  try {
    // A low alias limit: settings never need many, and an alias bomb must not expand.
    raw = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch {
    throw settingsError(file, [{ path: "(top level)", message: "uses too many YAML aliases; write the values out instead" }]);
  }
  const result = settingsSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw settingsError(file, formatZodIssues(result.error.issues, settingsSchema));
  const settings: Settings = { ...result.data, environments: result.data.environments ?? [...CONVENTIONAL_ENVIRONMENTS] };
  const issues = [...checkEnvironments(settings), ...checkEngines(settings)];
  if (issues.length > 0) throw settingsError(file, issues);
  return settings;
}

/** Returns the default settings: the conventional staging → production layout. */
export function defaultSettings(): Settings {
  return parseSettings("");
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

// The message is posted as a reply: a generated file with thousands of problems must not
// make a reply longer than GitHub takes, and the first few say what to fix.
const MAX_LISTED_ISSUES = 20;

function settingsError(file: string, issues: readonly SettingsIssue[]): ConfigError {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `  ${i.path}: ${i.message}`);
  if (issues.length > MAX_LISTED_ISSUES) lines.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more; fix these first`);
  return new ConfigError(`invalid settings in "${file}" (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`, issues);
}

// The parser's messages name its own API or internals in a few cases; say what the user wrote instead.
function describeYamlError(error: YAMLError): SettingsIssue {
  const path = `line ${error.linePos?.[0]?.line ?? "?"}`;
  const first = (error.message.split("\n")[0] ?? "invalid YAML").replace(/ at line \d+, column \d+:?$/, "");
  if (/multiple documents/i.test(first)) return { path, message: "starts a second YAML document (\"---\"); the settings are one document, so remove the \"---\" and merge the parts" };
  if (/call stack/i.test(first)) return { path: "(file)", message: "nests lists or maps too deeply to read; write the settings flat, as in docs/settings.md" };
  return { path, message: `${first}; fix the YAML syntax` };
}

function uniqueIssues(issues: readonly SettingsIssue[]): SettingsIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(`${i.path}\n${i.message}`) && Boolean(seen.add(`${i.path}\n${i.message}`)));
}

// Returns one issue per repeated key of a map (the later one), naming both lines.
function findDuplicateKeys(doc: Document, text: string): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const lineOf = lineFinder(text);
  visit(doc, {
    Map(_, map) {
      const first = new Map<unknown, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const offset = pair.key.range?.[0] ?? 0;
        const seen = first.get(pair.key.value);
        if (seen === undefined) first.set(pair.key.value, offset);
        else issues.push({ path: `line ${lineOf(offset)}`, message: `key ${JSON.stringify(String(pair.key.value))} is already set on line ${lineOf(seen)}; keep one of them` });
      }
    },
  });
  return issues;
}

function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
