import { parseSettings } from "../../src/config/index.ts";
import { ConfigError } from "../../src/errors.ts";

/** Returns the problems parseSettings reports for `text` as "path: message" lines ([] when it parses). */
export function settingsIssuesOf(text: string): string[] {
  try {
    parseSettings(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}
