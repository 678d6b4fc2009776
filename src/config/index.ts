/**
 * Ferry's settings (`.github/ferry.yml`): the zod schema with defaults, parsing with
 * actionable errors, and the cross checks between environments. Pure: callers read the
 * file (always from the default branch) and pass its text in.
 */
export * from "./settings-schema.ts";
export * from "./parse-settings.ts";
export { formatKeyPath, type SettingsIssue } from "./format-issues.ts";
