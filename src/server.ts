/**
 * `npm start`: runs Ferry's server. Settings come from the environment and are
 * validated first (process-settings.ts): a bad value stops the start, naming the
 * variable, with exit code 78 (EX_CONFIG). With APP_ID, a private key and
 * WEBHOOK_SECRET it listens on PORT without contacting GitHub; without APP_ID it runs
 * Probot's setup flow, which registers the App on GitHub from app.yml. SIGTERM (and
 * SIGINT) shut down gracefully within FERRY_SHUTDOWN_SECONDS.
 */
import { run } from "probot";
import ferryApp from "./app.ts";
import { ConfigError } from "./errors.ts";
import { readProcessSettings } from "./process-settings.ts";
import { startFerryServer } from "./start-server.ts";

const EX_CONFIG = 78;

let settings;
try {
  settings = readProcessSettings(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(EX_CONFIG);
}

if (!settings.app) {
  // Probot's setup flow: a page on PORT that creates the App from app.yml and writes
  // its credentials to .env; restart Ferry with them afterwards.
  await run(ferryApp);
} else {
  const ferry = await startFerryServer({ env: process.env });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void ferry.shutdown().then(
        (result) => process.exit(result === "drained" ? 0 : 1),
        () => process.exit(1),
      );
    });
  }
}
