/**
 * `npm run schema`: writes `ferry.schema.json` at the repository root from the zod
 * schema, so editors can validate and complete `.github/ferry.yml`. The descriptions
 * come from the schema's `.describe()` text.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { settingsSchema } from "./settings-schema.ts";

/** Returns the JSON Schema of the settings file, as text with a trailing newline. */
export function buildSettingsJsonSchema(): string {
  // io "input": the schema describes what users write, where defaulted keys are optional.
  const schema = z.toJSONSchema(settingsSchema, { io: "input", unrepresentable: "any" });
  const withId = { ...schema, $id: "https://github.com/ferry/ferry/ferry.schema.json", title: "Ferry settings (.github/ferry.yml)" };
  return `${JSON.stringify(withId, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "ferry.schema.json");
  writeFileSync(out, buildSettingsJsonSchema());
  console.log(`wrote ${out}`);
}
