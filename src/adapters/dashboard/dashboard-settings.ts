/**
 * The dashboard's process settings, read once from the environment by compose():
 * the App's OAuth client, the cookie secret, GitHub's web and API hosts, and the
 * cache lifetimes. docs/settings.md lists them.
 */
import { randomBytes } from "node:crypto";

/** Settings of the dashboard; undefined in AppDeps turns the dashboard off. */
export interface DashboardSettings {
  /** GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET: the App's OAuth client; without them sign-in is off and pages say so. */
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** Seals session cookies: FERRY_DASHBOARD_SECRET, else derived from WEBHOOK_SECRET (shared by every replica). */
  readonly cookieSecret: string;
  /** GitHub's web host (sign-in) and REST API. */
  readonly webUrl: string;
  readonly apiUrl: string;
  /** FERRY_PUBLIC_URL: where people reach Ferry (redirect URI, Secure cookies when https); else the request's Host. */
  readonly publicUrl: string | undefined;
  /** FERRY_DASHBOARD_CACHE_SECONDS (default 10): GitHub answers are reused this long, then revalidated with ETags. */
  readonly cacheSeconds: number;
  /** FERRY_DASHBOARD_CLUSTER_SECONDS (default 30): cluster readings (health, Lease, drift) are reused this long. */
  readonly clusterSeconds: number;
  /** FERRY_DASHBOARD_REFRESH_SECONDS (default 30, 0 off): how often an open page reloads itself. */
  readonly refreshSeconds: number;
  /** Hours a sign-in lasts (8). */
  readonly sessionHours: number;
  /** Timeout of every GitHub request the dashboard makes (ms). */
  readonly timeoutMs: number;
}

const seconds = (text: string | undefined, fallback: number) => {
  const n = Number(text ?? fallback);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};

/** Returns the dashboard settings from a process environment. */
export function readDashboardSettings(env: Readonly<Record<string, string | undefined>>): DashboardSettings {
  const web = env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}` : "https://github.com";
  return {
    clientId: env.GITHUB_CLIENT_ID || undefined,
    clientSecret: env.GITHUB_CLIENT_SECRET || undefined,
    // Without either secret, a random one: sessions then last as long as this process.
    cookieSecret: env.FERRY_DASHBOARD_SECRET || (env.WEBHOOK_SECRET ? `webhook:${env.WEBHOOK_SECRET}` : randomBytes(32).toString("hex")),
    webUrl: web,
    apiUrl: env.GHE_HOST ? `${web}/api/v3` : "https://api.github.com",
    publicUrl: env.FERRY_PUBLIC_URL?.replace(/\/+$/, "") || undefined,
    cacheSeconds: seconds(env.FERRY_DASHBOARD_CACHE_SECONDS, 10),
    clusterSeconds: seconds(env.FERRY_DASHBOARD_CLUSTER_SECONDS, 30),
    refreshSeconds: seconds(env.FERRY_DASHBOARD_REFRESH_SECONDS, 30),
    sessionHours: 8,
    timeoutMs: 10_000,
  };
}
