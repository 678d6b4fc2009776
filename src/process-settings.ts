/**
 * The settings of the Ferry process itself (not of a repository): GitHub App
 * credentials, the HTTP listener, clusters, the drift schedule, logging, concurrency
 * and timeouts, all from environment variables. Validated once, at start-up, with zod,
 * so a bad value stops the start with a message naming the variable instead of failing
 * at the first webhook. Never echoes a secret value (keys, secrets, kubeconfigs).
 */
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";
import { AppError, ConfigError } from "./errors.ts";
import { readClusterCredentials, type ClusterCredentials } from "./adapters/cluster/load-clusters.ts";

/** Log levels pino accepts. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

const int = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: "must be a whole number" })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((n) => n ?? fallback);

/** The schema of the variables; JSDoc of each key is its documentation. */
const schema = z.object({
  /** The GitHub App's id; without it Ferry offers Probot's setup flow that registers the App from app.yml. */
  APP_ID: z.string().trim().regex(/^\d+$/, { message: "must be the App's numeric id" }).optional(),
  /** The App's private key (PEM, optionally base64-encoded or with escaped newlines); or PRIVATE_KEY_PATH. */
  PRIVATE_KEY: z.string().optional(),
  /** A file holding the App's private key (e.g. a mounted Secret). */
  PRIVATE_KEY_PATH: z.string().optional(),
  /** The secret webhooks are signed with. */
  WEBHOOK_SECRET: z.string().min(1).optional(),
  /** The port to listen on (default 3000). */
  PORT: int(1, 65535, 3000),
  /** The address to listen on (default localhost; the image sets 0.0.0.0). */
  HOST: z.string().min(1).default("localhost"),
  /** GitHub Enterprise host (`github.example.com`), when not github.com. */
  GHE_HOST: z.string().regex(/^[^/\s]+$/, { message: "must be a host name (and port), without a scheme or path" }).optional(),
  GHE_PROTOCOL: z.enum(["http", "https"]).default("https"),
  /** pino log level (default info). */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /** Seconds between ticks of the drift schedule (default 300); 0 turns it off. */
  FERRY_DRIFT_TICK_SECONDS: int(0, 86_400, 300),
  /** MiB of git blobs kept in memory across renders (default 256). */
  FERRY_BLOB_CACHE_MB: int(1, 65_536, 256),
  /** Kubernetes requests in flight at once per cluster (default 16). */
  FERRY_KUBE_CONCURRENCY: int(1, 256, 16),
  /** Duration of apply, drift and delivery Leases; a dead holder's Lease expires after it (default 60). */
  FERRY_LEASE_SECONDS: int(2, 3600, 60),
  /** Seconds SIGTERM gives in-flight work before Ferry gives up and exits (default 25; keep below the pod's grace period). */
  FERRY_SHUTDOWN_SECONDS: int(1, 3600, 25),
  /** Seconds /readyz waits for each cluster (default 3). */
  FERRY_READY_TIMEOUT_SECONDS: int(1, 60, 3),
  /** This replica's name in Lease holders (default: host name and pid; the pod name in Kubernetes). */
  FERRY_REPLICA_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: "must be 1 to 128 letters, digits, '.', '_' or '-'" }).optional(),
  /** The cluster (a name from FERRY_CLUSTERS) where replicas claim webhook deliveries; needed for several replicas. */
  FERRY_COORDINATION_CLUSTER: z.string().min(1).optional(),
  /** Seconds a delivery claim is kept, so a redelivery within it is not handled again (default 21600, 6 h). */
  FERRY_DELIVERY_CLAIM_SECONDS: int(60, 7 * 86_400, 21_600),
  /** The App's OAuth client id, for dashboard sign-in (docs/dashboard.md); without it and the secret, sign-in is off. */
  GITHUB_CLIENT_ID: z.string().trim().min(1).optional(),
  /** The App's OAuth client secret, for dashboard sign-in. */
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  /** Seals dashboard session cookies; the same on every replica (default: derived from WEBHOOK_SECRET). */
  FERRY_DASHBOARD_SECRET: z.string().refine((s) => s.length >= 32, { message: "must be at least 32 characters (e.g. openssl rand -hex 32)" }).optional(),
  /** Where people reach Ferry (https://ferry.example.com): the sign-in redirect URI, and Secure cookies when https. */
  FERRY_PUBLIC_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://ferry.example.com" }).optional(),
  /** Seconds the dashboard reuses GitHub answers before revalidating them with ETags (default 10). */
  FERRY_DASHBOARD_CACHE_SECONDS: int(0, 3600, 10),
  /** Seconds the dashboard reuses cluster readings: health, Lease, drift (default 30). */
  FERRY_DASHBOARD_CLUSTER_SECONDS: int(0, 3600, 30),
  /** Seconds between reloads of an open dashboard page (default 30; 0 off). */
  FERRY_DASHBOARD_REFRESH_SECONDS: int(0, 3600, 30),
  /** Longest one `render.engine: kustomize` render may take, in seconds (default 60). */
  FERRY_KUSTOMIZE_TIMEOUT_SECONDS: int(1, 3600, 60),
  /** A kustomize binary for `render.engine: kustomize` (default: `kubectl kustomize`, with FERRY_KUBECTL or kubectl on PATH). */
  FERRY_KUSTOMIZE: z.string().min(1).optional(),
  /** The kubectl that runs `kubectl kustomize` (default: kubectl on PATH). */
  FERRY_KUBECTL: z.string().min(1).optional(),
});

/** The validated settings of this process. */
export interface ProcessSettings {
  /** App credentials; undefined in setup mode (no APP_ID). */
  readonly app: { readonly appId: string; readonly privateKey: string; readonly webhookSecret: string } | undefined;
  readonly port: number;
  readonly host: string;
  /** GitHub's REST base URL when it is GitHub Enterprise (or the GitHub test server). */
  readonly baseUrl: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly clusters: ReadonlyMap<string, ClusterCredentials>;
  readonly driftTickSeconds: number;
  readonly blobCacheBytes: number;
  readonly kubeConcurrency: number;
  readonly leaseSeconds: number;
  readonly shutdownSeconds: number;
  readonly readyTimeoutSeconds: number;
  readonly replicaId: string;
  readonly coordinationCluster: string | undefined;
  readonly deliveryClaimSeconds: number;
}

/**
 * Returns the process settings read from `env`; throws ConfigError listing every bad
 * variable by name (and never its value when it may be secret).
 *
 * @example
 * const settings = readProcessSettings(process.env); // throws on PORT=http
 */
export function readProcessSettings(env: Readonly<Record<string, string | undefined>>, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): ProcessSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => key in schema.shape && value !== undefined && value !== ""));
  const parsed = schema.safeParse(present);
  const issues: { path: string; message: string }[] = parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: String(issue.path[0]), message: describe(issue) }));
  let clusters = new Map<string, ClusterCredentials>();
  try {
    clusters = readClusterCredentials(env);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    issues.push({ path: "FERRY_CLUSTERS", message: error.message.replace(/^FERRY_CLUSTERS /, "") });
  }
  const v = parsed.data;
  let app: ProcessSettings["app"];
  if (v?.APP_ID) {
    const key = readPrivateKey(v, readFile, issues);
    if (!v.WEBHOOK_SECRET) issues.push({ path: "WEBHOOK_SECRET", message: "is required with APP_ID; set it to the App's webhook secret" });
    if (key && v.WEBHOOK_SECRET) app = { appId: v.APP_ID, privateKey: key, webhookSecret: v.WEBHOOK_SECRET };
  }
  if (Boolean(v?.GITHUB_CLIENT_ID) !== Boolean(v?.GITHUB_CLIENT_SECRET)) issues.push({ path: v?.GITHUB_CLIENT_ID ? "GITHUB_CLIENT_SECRET" : "GITHUB_CLIENT_ID", message: "must be set together with the other: GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are the App's OAuth client (dashboard sign-in)" });
  if (v?.FERRY_COORDINATION_CLUSTER && !clusters.has(v.FERRY_COORDINATION_CLUSTER)) issues.push({ path: "FERRY_COORDINATION_CLUSTER", message: `names cluster "${v.FERRY_COORDINATION_CLUSTER}", which has no credentials; add it to FERRY_CLUSTERS or set FERRY_CLUSTER_<NAME>_KUBECONFIG` });
  if (issues.length > 0 || !v) {
    const lines = issues.map((i) => `${i.path} ${i.message}`);
    throw new ConfigError(`Ferry cannot start: ${lines.join("; ")}`, issues);
  }
  return {
    app,
    port: v.PORT,
    host: v.HOST,
    baseUrl: v.GHE_HOST ? `${v.GHE_PROTOCOL}://${v.GHE_HOST}/api/v3` : undefined,
    logLevel: v.LOG_LEVEL,
    clusters,
    driftTickSeconds: v.FERRY_DRIFT_TICK_SECONDS,
    blobCacheBytes: v.FERRY_BLOB_CACHE_MB * 1024 * 1024,
    kubeConcurrency: v.FERRY_KUBE_CONCURRENCY,
    leaseSeconds: v.FERRY_LEASE_SECONDS,
    shutdownSeconds: v.FERRY_SHUTDOWN_SECONDS,
    readyTimeoutSeconds: v.FERRY_READY_TIMEOUT_SECONDS,
    replicaId: v.FERRY_REPLICA_ID ?? `${hostname()}-${process.pid}`,
    coordinationCluster: v.FERRY_COORDINATION_CLUSTER,
    deliveryClaimSeconds: v.FERRY_DELIVERY_CLAIM_SECONDS,
  };
}

// Probot accepts a PEM, a base64-encoded PEM, or a PEM with "\n" escapes (as env files
// write it); the key is parsed here so a bad key fails the start, not the first webhook.
function readPrivateKey(v: z.infer<typeof schema>, readFile: (path: string) => string, issues: { path: string; message: string }[]): string | undefined {
  let text = v.PRIVATE_KEY;
  let variable = "PRIVATE_KEY";
  if (!text && v.PRIVATE_KEY_PATH) {
    variable = "PRIVATE_KEY_PATH";
    try {
      text = readFile(v.PRIVATE_KEY_PATH);
    } catch {
      issues.push({ path: variable, message: `names ${v.PRIVATE_KEY_PATH}, which cannot be read; mount the App's key there or fix the path` });
      return undefined;
    }
  }
  if (!text) {
    issues.push({ path: "PRIVATE_KEY", message: "is required with APP_ID; set PRIVATE_KEY to the App's private key or PRIVATE_KEY_PATH to a file holding it" });
    return undefined;
  }
  const pem = text.includes("-----BEGIN") ? text.replaceAll("\\n", "\n") : Buffer.from(text, "base64").toString("utf8");
  try {
    createPrivateKey(pem);
    return pem;
  } catch {
    // The value is secret: the message says what is wrong, never what it holds.
    issues.push({ path: variable, message: "does not hold a readable private key; use the .pem file GitHub generated for the App (PEM, or base64 of it)" });
    return undefined;
  }
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `must be one of: ${issue.values.map(String).join(", ")}`;
    case "too_small":
      return issue.origin === "string" ? "must not be empty" : `must be at least ${String(issue.minimum)}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}
