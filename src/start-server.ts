/**
 * Starts Ferry's Probot server: the same app and server `npm start` runs (and tests and
 * the demo start in-process), against GitHub or GitHub Enterprise (GHE_HOST/
 * GHE_PROTOCOL), e.g. the GitHub test server. Adds the operational endpoints, metrics,
 * JSON logs with secrets redacted, and a graceful shutdown.
 */
import { createServer, type AddressInfo } from "node:net";
import { pino, type DestinationStream, type Logger } from "pino";
import { Probot, Server } from "probot";
import { ferryOctokit } from "./adapters/github/ferry-octokit.ts";
import { buildFerryApp } from "./app.ts";
import { compose } from "./compose.ts";
import { probeCluster } from "./adapters/cluster/probe-cluster.ts";
import { countGitHubRequests } from "./adapters/github/count-github-requests.ts";
import type { DriftScheduler } from "./adapters/github/drift-scheduler.ts";
import { installOpsEndpoints } from "./adapters/http/ops-endpoints.ts";
import { PromMetrics } from "./adapters/metrics/prom-metrics.ts";
import { readProcessSettings, type ProcessSettings } from "./process-settings.ts";
import type { AppDeps } from "./adapters/github/app-deps.ts";

/** A running Ferry server. */
export interface RunningFerry {
  /** The webhook URL GitHub should deliver to. */
  readonly webhookUrl: string;
  /** The server's base URL (`http://127.0.0.1:PORT`). */
  readonly url: string;
  /** The validated process settings it runs with. */
  readonly settings: ProcessSettings;
  /** What the handlers run with (metrics, the drift schedule's cluster connector, ...). */
  readonly deps: AppDeps;
  /** The drift schedule, when clusters are configured and the tick is not 0. */
  readonly drift: DriftScheduler | undefined;
  /** The dashboard's index page. */
  readonly dashboardUrl: string;
  /** Resolves when no webhook handler is running. */
  idle(): Promise<void>;
  /** Waits for running handlers, then stops the server. */
  stop(): Promise<void>;
  /**
   * Shuts down as on SIGTERM: /readyz answers 503 and webhooks are refused, the drift
   * schedule stops, in-flight work gets `deadlineSeconds` (FERRY_SHUTDOWN_SECONDS) to
   * finish, Leases still held are released, the server closes. Resolves with whether
   * everything finished in time ("drained") or some work was abandoned.
   */
  shutdown(deadlineSeconds?: number): Promise<"drained" | "abandoned">;
}

/** Paths in log objects pino replaces with "[Redacted]": credentials, and payloads people wrote. */
export const LOG_REDACT_PATHS = [
  "privateKey",
  "*.privateKey",
  "secret",
  "*.secret",
  "token",
  "*.token",
  "headers.authorization",
  "*.headers.authorization",
  "*.*.headers.authorization",
  "req.headers.cookie",
  "event.payload",
  "payload",
  "*.payload",
  "err.request.body",
  "err.response.data",
  "kubeconfigContent",
  "*.kubeconfigContent",
];

/** Starts Ferry with settings from `env` (see process-settings.ts); throws ConfigError naming a bad variable. */
export async function startFerryServer(params: {
  env: Readonly<Record<string, string | undefined>>;
  port?: number;
  logLevel?: string;
  /** Where JSON log lines go (default stdout). */
  logDestination?: DestinationStream;
  /**
   * Octokit's throttling spaces GitHub writes a second apart, as GitHub asks of apps to
   * avoid secondary rate limits. On by default; tests against the local GitHub test
   * server turn it off, which makes a promotion take a second instead of ten.
   */
  throttle?: boolean;
  /**
   * Milliseconds one "second" of GitHub's retry waits lasts (default 1000): Octokit's
   * retry plugin backs off 1, 4, 9 of them after a 5xx, the throttling plugin waits
   * `Retry-After` of them after a secondary rate limit, and Ferry's own look-up-then-create
   * waits the same. Tests against the GitHub test server make them short.
   */
  retryBaseMs?: number;
  /** Milliseconds one GitHub request may take, retries included (default 120,000); tests make it short. */
  githubTimeoutMs?: number;
}): Promise<RunningFerry> {
  const settings = readProcessSettings(params.env);
  if (!settings.app) throw new Error("startFerryServer needs APP_ID, a private key and WEBHOOK_SECRET; `npm start` without APP_ID offers Probot's setup flow");
  const log = createLog(params.logLevel ?? settings.logLevel, params.logDestination);
  const metrics = new PromMetrics();
  const count = countGitHubRequests(metrics);
  // Probot's Octokit with Ferry's retry settings (ferry-octokit.ts), counting requests.
  const octokit = ferryOctokit({ ...(params.throttle !== undefined && { throttle: params.throttle }), ...(params.retryBaseMs !== undefined && { retryBaseMs: params.retryBaseMs }), ...(params.githubTimeoutMs !== undefined && { requestTimeoutMs: params.githubTimeoutMs }) }).plugin(count);
  // Probot's Server reads port 0 as "use 3000", so a free port is picked here instead.
  const port = params.port ?? (params.env.PORT ? settings.port : await freePort());
  const host = params.env.HOST ? settings.host : "127.0.0.1";
  const server = new Server({
    host,
    port,
    log,
    Probot: Probot.defaults({
      appId: settings.app.appId,
      privateKey: settings.app.privateKey,
      secret: settings.app.webhookSecret,
      log,
      ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
      Octokit: octokit,
    }),
  });
  const deps = compose(settings, metrics, params.env);
  let drift: DriftScheduler | undefined;
  await server.load(buildFerryApp(deps, (scheduler) => (drift = scheduler)));
  const http = await server.start();
  let draining = false;
  installOpsEndpoints(http, {
    webhookPath: "/api/github/webhooks",
    privateKeyLoaded: true,
    draining: () => draining,
    clusters: [...settings.clusters.keys()].sort(),
    probe: (name) => probeCluster({ name, credentials: settings.clusters.get(name)!, timeoutMs: settings.readyTimeoutSeconds * 1000 }),
    metricsText: () => metrics.text(),
    metricsContentType: metrics.registry.contentType,
    metrics,
  });
  const { port: bound } = http.address() as AddressInfo;
  const url = `http://${host === "0.0.0.0" || host === "localhost" || host === "::" ? "127.0.0.1" : host}:${bound}`;
  let stopped: Promise<"drained" | "abandoned"> | undefined;
  const shutdown = (deadlineSeconds = settings.shutdownSeconds) =>
    (stopped ??= (async () => {
      // 1. Stop taking work: readyz 503 (the Service drops this pod), webhooks 503.
      draining = true;
      log.info({ deadlineSeconds }, "shutting down");
      // 2. The drift schedule stops ticking (and gives back its Leases).
      await drift?.stop();
      // 3. In-flight handlers get until the deadline.
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([deps.inflight.idle().then(() => "drained" as const), new Promise<"abandoned">((resolve) => (timer = setTimeout(() => resolve("abandoned"), deadlineSeconds * 1000)))]);
      clearTimeout(timer);
      // 4. Leases still held (abandoned applies) go back now rather than when they expire.
      if (result === "abandoned") log.warn({ leases: deps.heldLeases?.size ?? 0 }, "shutdown deadline passed; abandoning in-flight work");
      await deps.heldLeases?.releaseAll();
      http.closeAllConnections();
      await server.stop();
      log.info({ result }, "stopped");
      return result;
    })());
  return {
    webhookUrl: `${url}/api/github/webhooks`,
    url,
    settings,
    deps,
    get drift() {
      return drift;
    },
    dashboardUrl: `${url}/dashboard`,
    idle: () => deps.inflight.idle(),
    stop: async () => {
      await deps.inflight.idle();
      await shutdown();
    },
    shutdown,
  };
}

/** Returns Ferry's logger: JSON lines (pino), with credential paths redacted. */
export function createLog(level: string, destination?: DestinationStream): Logger {
  const options = { level, name: "ferry", redact: { paths: LOG_REDACT_PATHS, censor: "[Redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}

/** Returns a free TCP port on 127.0.0.1 (Probot reads port 0 as 3000). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
