import { stringify } from "yaml";
import { parseSettings, SETTINGS_FILE, type Settings } from "../../config/index.ts";
import { ConfigError } from "../../errors.ts";

/** The part of Probot's Context that loads `.github/<file>` from the default branch. */
export interface ConfigSource {
  config<T>(fileName: string): Promise<T | null>;
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

async function readSettings(context: ConfigSource): Promise<Settings> {
  const raw = await context.config<unknown>("ferry.yml");
  if (raw === null || raw === undefined) {
    throw new ConfigError(
      `this repository has no \`${SETTINGS_FILE}\` on its default branch, so Ferry does not know its environments. ` +
        "Add one (see Ferry's docs/settings.md), for example:\n\n```yaml\nenvironments:\n  - name: staging\n  - name: production\n    promotesFrom: staging\n```",
      [],
      "config-missing",
    );
  }
  // Probot parsed the YAML already; the schema checks the data and names every problem.
  return parseSettings(stringify(raw), SETTINGS_FILE);
}
