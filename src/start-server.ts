/**
 * Starts Ferry's Probot server programmatically (tests, the demo): the same app and
 * Probot server `npm start` runs, on a given port, against GitHub or GitHub Enterprise
 * (GHE_HOST/GHE_PROTOCOL), e.g. the GitHub test server.
 */
import { createServer, type AddressInfo } from "node:net";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { buildFerryApp } from "./app.ts";
import { compose } from "./compose.ts";

/** A running Ferry server. */
export interface RunningFerry {
  /** The webhook URL GitHub should deliver to. */
  readonly webhookUrl: string;
  /** The dashboard's index page. */
  readonly dashboardUrl: string;
  /** Resolves when no webhook handler is running. */
  idle(): Promise<void>;
  /** Waits for running handlers, then stops the server. */
  stop(): Promise<void>;
}

/** Starts Ferry with Probot's settings from `env` (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, GHE_PROTOCOL). */
export async function startFerryServer(params: {
  env: Readonly<Record<string, string | undefined>>;
  port?: number;
  logLevel?: string;
  /**
   * Octokit's throttling spaces GitHub writes a second apart, as GitHub asks of apps to
   * avoid secondary rate limits. On by default; tests against the local GitHub test
   * server turn it off, which makes a promotion take a second instead of ten.
   */
  throttle?: boolean;
}): Promise<RunningFerry> {
  const { env } = params;
  const baseUrl = env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3` : undefined;
  const log = pino({ level: params.logLevel ?? env.LOG_LEVEL ?? "info" });
  const server = new Server({
    host: "127.0.0.1",
    // Probot's Server reads port 0 as "use 3000", so a free port is picked here instead.
    port: params.port ?? (await freePort()),
    log,
    Probot: Probot.defaults({
      appId: env.APP_ID,
      privateKey: env.PRIVATE_KEY,
      secret: env.WEBHOOK_SECRET,
      log,
      ...(baseUrl ? { baseUrl } : {}),
      // A function, so it applies after Probot's own throttle options are merged in.
      ...(params.throttle === false ? { Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, throttle: { ...(options.throttle as object), enabled: false } })) } : {}),
    }),
  });
  const deps = compose(env);
  await server.load(buildFerryApp(deps));
  const http = await server.start();
  const { port } = http.address() as AddressInfo;
  return {
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    dashboardUrl: `http://127.0.0.1:${port}/dashboard`,
    idle: () => deps.inflight.idle(),
    stop: async () => {
      await deps.inflight.idle();
      await server.stop();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
