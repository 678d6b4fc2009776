import { readFile } from "node:fs/promises";
import { AppError } from "../errors.ts";

/** Returns the text of a `--config` settings file, or a config-missing error naming the path. */
export async function readSettingsFile(path: string): Promise<{ text: string; file: string }> {
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    throw new AppError("config-missing", `cannot read settings file "${path}"; check the --config path`, { cause: error });
  });
  return { text, file: path };
}
