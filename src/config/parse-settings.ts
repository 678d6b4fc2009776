import { parseDocument } from "yaml";
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
  const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ path: `line ${e.linePos?.[0]?.line ?? "?"}`, message: `${(e.message.split("\n")[0] ?? "invalid YAML").replace(/ at line \d+, column \d+:?$/, "")}; fix the YAML syntax` }));
    throw settingsError(file, issues);
  }
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

function settingsError(file: string, issues: readonly SettingsIssue[]): ConfigError {
  const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
  return new ConfigError(`invalid settings in "${file}" (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`, issues);
}
