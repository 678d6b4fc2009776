import type { ProbotOctokit } from "probot";
import { parseSettings, SETTINGS_FILE, type Settings } from "../../config/index.ts";
import { ConfigError } from "../../errors.ts";
import { httpStatusOf, wrapGitHubError } from "./github-client.ts";

/** The part of Probot's Context that reads a repository's files: an installation Octokit and the repository. */
export interface ConfigSource {
  readonly octokit: InstanceType<typeof ProbotOctokit>;
  repo(): { owner: string; repo: string };
}

/**
 * Returns the repository's settings, read with Probot's config loader, which always reads
 * the default branch, so a pull request cannot loosen the rules it is judged by.
 * Throws ConfigError "config-missing" or "config-invalid" with a message fit for a reply.
 */
export function loadSettings(context: ConfigSource & { id?: string }): Promise<Settings> {
  // Several handlers answer one delivery (report, policy, drift): read the file once for all.
  if (context.id === undefined) return readSettings(context);
  const cached = byDelivery.get(context.id);
  if (cached && Date.now() - cached.at < SHARE_MS) return cached.settings;
  const loading = readSettings(context);
  byDelivery.set(context.id, { at: Date.now(), settings: loading });
  loading.catch(() => byDelivery.delete(context.id as string));
  for (const oldest of byDelivery.keys()) {
    if (byDelivery.size <= 100) break;
    byDelivery.delete(oldest);
  }
  return loading;
}

// Settings per delivery id, shared by the handlers of one delivery for a minute; a
// redelivery (same id) later than that reads the file again.
const SHARE_MS = 60_000;
const byDelivery = new Map<string, { at: number; settings: Promise<Settings> }>();

// The file is read raw and its size checked before anything parses it, rather than with
// Probot's context.config, which parses whatever it gets (a 3 MB file took 14 s and
// 758 MB) and then also asks the owner's `.github` repository on a 404.
async function readSettings(context: ConfigSource): Promise<Settings> {
  const { owner, repo } = context.repo();
  let text: string | undefined;
  try {
    // The default branch: no ref, so a pull request cannot bring its own settings.
    const res = await context.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: SETTINGS_FILE, mediaType: { format: "raw" } });
    // parseSettings refuses a file over MAX_SETTINGS_BYTES before parsing it.
    text = typeof res.data === "string" ? res.data : undefined;
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw wrapGitHubError(error, `reading ${SETTINGS_FILE}`);
  }
  if (text === undefined) {
    throw new ConfigError(
      `this repository has no \`${SETTINGS_FILE}\` on its default branch, so Ferry does not know its environments. ` +
        "Add one (see Ferry's docs/settings.md), for example:\n\n```yaml\nenvironments:\n  - name: staging\n  - name: production\n    promotesFrom: staging\n```",
      [],
      "config-missing",
    );
  }
  return parseSettings(text, SETTINGS_FILE);
}
