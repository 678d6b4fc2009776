/**
 * A stateful fake of GitHub's REST API and webhooks for Ferry's end-to-end tests
 * and demo. The real Probot server talks to it over HTTP (GHE_HOST/GHE_PROTOCOL);
 * tests drive people's actions through the helpers below, which send the same
 * webhooks GitHub would. Every request is checked against GitHub's OpenAPI
 * description; tests assert `violations` is empty at the end.
 *
 * @example
 * const gh = await GitHubTestServer.start({ webhookUrl: "http://127.0.0.1:3000/api/github/webhooks" });
 * await gh.createRepo({ name: "config", from: "fixtures/example" });
 * await gh.comment({ issue: 1, body: "/promote production", as: "alice" });
 * await gh.settled();
 * expect(gh.violations).toEqual([]);
 * await gh.stop();
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServerCore, type RequestLogEntry, type Violation } from "./core.ts";
import { createRequestListener, type Fault } from "./http-server.ts";
import { createBareRepo, type RepoSource } from "./repo-factory.ts";
import { archiveRoutes, serveCodeload } from "./routes/archives.ts";
import { authRoutes } from "./routes/auth.ts";
import { checkRoutes } from "./routes/checks.ts";
import { deploymentRoutes } from "./routes/deployments.ts";
import { gitRoutes } from "./routes/git.ts";
import { issueRoutes } from "./routes/issues.ts";
import { oauthUserRoutes, serveOAuth } from "./routes/oauth.ts";
import { appManifestRoutes, serveAppManifestForm, type AppManifestState } from "./routes/app-manifests.ts";
import { orgRoutes } from "./routes/orgs.ts";
import { pullRoutes } from "./routes/pulls.ts";
import { repoRoutes } from "./routes/repos.ts";
import { TestActions } from "./test-actions.ts";
import type { RepoState } from "./state.ts";
import type { Delivery } from "./webhooks.ts";

let keyPair: { publicKey: string; privateKey: string } | undefined;

// One RSA key pair per process: generating 2048-bit keys for every server would dominate test time.
function appKeyPair(): { publicKey: string; privateKey: string } {
  keyPair ??= generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });
  return keyPair;
}

/** Options of {@link GitHubTestServer.start}. */
export interface GitHubTestServerOptions {
  /** Port to listen on (127.0.0.1); 0 or absent picks a free one. */
  readonly port?: number;
  /** The app's webhook URL; can be set later with `setWebhookUrl`. */
  readonly webhookUrl?: string;
  readonly webhookSecret?: string;
  readonly appId?: number;
  readonly appSlug?: string;
  /** Also validate responses and webhook payloads against GitHub's schemas (default: on). */
  readonly checkResponses?: boolean;
  readonly clock?: () => Date;
}

/** The running fake GitHub: credentials, logs, state and the test-control helpers. */
export class GitHubTestServer extends TestActions {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** REST API base URL (`${url}/api/v3`), Octokit's `baseUrl`. */
  readonly apiUrl: string;
  /** `host:port`, Probot's `GHE_HOST` (with `GHE_PROTOCOL=http`). */
  readonly host: string;
  readonly appId: number;
  readonly privateKeyPem: string;
  readonly webhookSecret: string;
  readonly installationId: number;
  private readonly faults: Fault[];

  private constructor(params: { core: ServerCore; server: Server; tempDir: string; privateKeyPem: string; webhookSecret: string; faults: Fault[] }) {
    super(params.core, params.tempDir, params.server);
    this.url = params.core.options.url;
    this.apiUrl = params.core.apiUrl;
    this.host = new URL(this.url).host;
    this.appId = params.core.options.appId;
    this.installationId = params.core.options.installationId;
    this.privateKeyPem = params.privateKeyPem;
    this.webhookSecret = params.webhookSecret;
    this.faults = params.faults;
  }

  /** Starts a server with a fresh app key pair and an empty set of repositories. */
  static async start(options: GitHubTestServerOptions = {}): Promise<GitHubTestServer> {
    const { publicKey, privateKey } = appKeyPair();
    const webhookSecret = options.webhookSecret ?? randomBytes(16).toString("hex");
    const tempDir = await mkdtemp(join(tmpdir(), "github-test-server-"));
    const faults: Fault[] = [];
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const core = new ServerCore({
      url: `http://127.0.0.1:${port}`,
      appId: options.appId ?? 1001,
      appSlug: options.appSlug ?? "ferry",
      installationId: 4242,
      publicKeyPem: publicKey,
      clock: options.clock ?? (() => new Date()),
      webhookUrl: options.webhookUrl,
      webhookSecret,
      checkResponses: options.checkResponses ?? true,
    });
    core.user("acme", "Organization");
    const manifests: AppManifestState = { pem: privateKey, webhookSecret, codes: new Map(), manifests: [] };
    const routes = { ...authRoutes, ...archiveRoutes, ...repoRoutes, ...gitRoutes, ...pullRoutes, ...issueRoutes, ...checkRoutes, ...deploymentRoutes, ...orgRoutes, ...oauthUserRoutes, ...appManifestRoutes(manifests) };
    const api = createRequestListener(core, routes, faults);
    server.on("request", (req, res) => {
      if (!serveCodeload(core, req, res) && !serveOAuth(core, req, res) && !serveAppManifestForm(core, manifests, req, res)) api(req, res);
    });
    return new GitHubTestServer({ core, server, tempDir, privateKeyPem: privateKey, webhookSecret, faults });
  }

  /** Violations recorded so far (unknown endpoints, rejected bodies, off-spec answers). */
  get violations(): readonly Violation[] {
    return this.core.violations;
  }

  /** Every API request handled, in order. */
  get requests(): readonly RequestLogEntry[] {
    return this.core.requests;
  }

  /** Every webhook delivery, in order. */
  get deliveries(): readonly Delivery[] {
    return this.core.webhooks.deliveries;
  }

  /** Points webhooks at the app (e.g. once Probot is listening). */
  setWebhookUrl(url: string): void {
    this.core.webhooks.target.url = url;
  }

  /** Returns the environment to start Ferry (Probot) with against this server, with the app's OAuth client for dashboard sign-in. */
  env(): Record<string, string> {
    return { APP_ID: String(this.appId), PRIVATE_KEY: this.privateKeyPem, WEBHOOK_SECRET: this.webhookSecret, GHE_HOST: this.host, GHE_PROTOCOL: "http", GITHUB_CLIENT_ID: this.core.oauth.clientId, GITHUB_CLIENT_SECRET: this.core.oauth.clientSecret };
  }

  /** Returns a new installation token (as the App would get one), for tests and benches that call the API directly. */
  issueInstallationToken(): string {
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    this.core.tokens.set(token, { installationId: this.installationId, expiresAt: this.core.options.clock().getTime() + 3600_000 });
    return token;
  }

  /** Makes `/login/oauth/authorize` approve as `login` (as if that person clicked "Authorize"); `undefined` makes it deny. */
  signInAs(login: string | undefined): void {
    if (login !== undefined) this.core.user(login);
    this.core.oauth.user = login;
  }

  /** Creates a repository (owner `acme` unless given) from a directory, git repository or files. */
  async createRepo(params: RepoSource & { owner?: string; name: string; private?: boolean }): Promise<RepoState> {
    const owner = this.core.user(params.owner ?? "acme", params.owner === undefined || params.owner === "acme" ? "Organization" : "User");
    const fullName = `${owner.login}/${params.name}`;
    if (this.core.repos.has(fullName.toLowerCase())) throw new Error(`repository ${fullName} already exists on the test server`);
    const { git, defaultBranch } = await createBareRepo(join(this.tempDir, owner.login, `${params.name}.git`), params);
    const repo: RepoState = {
      id: this.core.nextId(), owner, name: params.name, fullName, defaultBranch, private: params.private ?? true, git, createdAt: this.core.now(),
      nextNumber: 1, issues: new Map(), checkRuns: new Map(), statuses: [], deployments: new Map(), permissions: new Map(),
    };
    this.core.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  /** Makes the next `times` requests matching `path` (exact path, operation id, template or RegExp) answer `status`. */
  failNext(params: { path: string | RegExp; method?: string; times?: number; status?: number; message?: string }): void {
    this.faults.push({ path: params.path, method: params.method, times: params.times ?? 1, answer: { kind: "status", status: params.status ?? 500, message: params.message } });
  }

  /**
   * Injects a fault (see Fault): a status, a secondary rate limit, a delay or a dropped
   * connection for the next `times` (default 1) matching requests after `skip`, before
   * or (`afterHandling`) after the request had its effect.
   */
  injectFault(fault: Omit<Fault, "times"> & { times?: number }): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** Makes the next `times` matching requests answer 403 "secondary rate limit" with `retry-after`. */
  rateLimitNext(params: { path: string | RegExp; method?: string; times?: number; retryAfterSeconds?: number }): void {
    this.faults.push({ path: params.path, method: params.method, times: params.times ?? 1, answer: { kind: "secondary-rate-limit", retryAfterSeconds: params.retryAfterSeconds ?? 1 } });
  }

  /** Sends a recorded delivery's event again under a new delivery id: a duplicate, or a late, out-of-order event. */
  resend(deliveryId: number): Delivery {
    return this.core.webhooks.resend(deliveryId);
  }

  /** Resolves when every webhook delivery (and so the app's handlers) has finished. */
  settled(): Promise<void> {
    return this.core.webhooks.settled();
  }

  /** Sends a recorded delivery again with the same delivery GUID. */
  redeliver(deliveryId: number): Delivery {
    return this.core.webhooks.redeliver(deliveryId);
  }

  /** Forgets recorded requests and violations (e.g. after setup). */
  clearLogs(): void {
    this.core.requests.length = 0;
    this.core.violations.length = 0;
  }

  /** Stops the server, waits for deliveries, and removes the repositories from disk. */
  async stop(): Promise<void> {
    await this.settled();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    for (const repo of this.core.repos.values()) repo.git.close();
    await rm(this.tempDir, { recursive: true, force: true });
  }
}
