/**
 * Settings as the CLI reads them: from `--config` when given, otherwise
 * `.github/ferry.yml` on the repository's default branch (like the app, never from the
 * commit being judged), otherwise the conventional staging → production layout.
 */
import { parseSettings, SETTINGS_FILE, type Settings } from "../config/index.ts";
import type { TreeSource } from "./ports.ts";

/** Returns the settings; `onDefault` hears why the conventional layout was assumed. */
export async function readDefaultBranchSettings(params: { trees: TreeSource; settingsText?: { text: string; file: string }; onDefault?: (note: string) => void }): Promise<Settings> {
  if (params.settingsText) return parseSettings(params.settingsText.text, params.settingsText.file);
  const branch = await params.trees.defaultBranch();
  const tree = await params.trees.openTree(branch);
  try {
    if (tree.stat(SETTINGS_FILE)?.type === "file") return parseSettings(await tree.read(SETTINGS_FILE), `${branch}:${SETTINGS_FILE}`);
  } finally {
    tree.close?.();
  }
  params.onDefault?.(`No ${SETTINGS_FILE} on ${branch}: assumed the conventional layout (staging/ on branch staging, promoted to production/ on branch production).`);
  return parseSettings("", SETTINGS_FILE);
}
