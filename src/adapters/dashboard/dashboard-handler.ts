/**
 * The dashboard over HTTP, mounted on Probot's server: `/dashboard` (the repositories
 * the signed-in person can read), `/dashboard/<owner>/<repo>` (one repository),
 * `/dashboard/api/…` (the same as JSON), sign-in with GitHub, sign-out, and the
 * stylesheet and script. Every page and JSON answer needs a session; only the sign-in
 * page and the two static assets (which hold no data) are served without one.
 * Translates only: what the page says is decided in core/dashboard.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Octokit } from "@octokit/rest";
import type { Logger } from "pino";
import type { Probot } from "probot";
import { buildDashboardModel, renderDashboardPage, renderErrorPage, renderIndexPage, renderSignInPage, type Viewer } from "../../core/dashboard/index.ts";
import { isAppError } from "../../errors.ts";
import type { AppDeps } from "../github/app-deps.ts";
import { timedFetch } from "../github/ferry-octokit.ts";
import { DASHBOARD_CSS, DASHBOARD_JS } from "./assets.ts";
import { ConditionalCache } from "./conditional-cache.ts";
import type { DashboardSettings } from "./dashboard-settings.ts";
import { readDashboardInput, type DashboardMemory } from "./read-dashboard-input.ts";
import { DashboardSessions, type Session } from "./dashboard-sessions.ts";
import { send, sendHtml, sendJson } from "./http-replies.ts";


/** What the handler needs: Probot (to act as the app's installations), the dependencies and the settings. */
export interface DashboardHandlerParams {
  readonly app: Pick<Probot, "auth">;
  readonly deps: AppDeps;
  readonly settings: DashboardSettings;
  readonly log?: Pick<Logger, "warn">;
}

/** Returns a Probot server handler that answers `/dashboard…` and leaves every other path alone. */
export function createDashboardHandler(params: DashboardHandlerParams): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const { settings } = params;
  const cache = new ConditionalCache({ ttlMs: settings.cacheSeconds * 1000 });
  const memory: DashboardMemory = { finalStates: new Map(), clusterReadings: new Map() };
  const installations = new Map<string, { id: number; at: number }>();
  const sessions = new DashboardSessions(settings);
  const clock = { now: () => new Date() };

  const userOctokit = (s: Session) => {
    const octokit = new Octokit({ auth: s.token, baseUrl: settings.apiUrl, request: { fetch: timedFetch(settings.timeoutMs, globalThis.fetch) }, log: QUIET });
    cache.install(octokit as never, `user:${s.login}`);
    return octokit;
  };

  // The installation that covers a repository, remembered for ten minutes.
  const installationOctokit = async (owner: string, repo: string) => {
    const key = `${owner}/${repo}`.toLowerCase();
    let hit = installations.get(key);
    if (!hit || Date.now() - hit.at > 600_000) {
      const appOctokit = await params.app.auth();
      hit = { id: (await appOctokit.rest.apps.getRepoInstallation({ owner, repo })).data.id, at: Date.now() };
      installations.set(key, hit);
    }
    const octokit = await params.app.auth(hit.id);
    cache.install(octokit as never, `installation:${hit.id}`);
    return octokit;
  };

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://ferry.invalid");
    if (url.pathname !== "/dashboard" && !url.pathname.startsWith("/dashboard/")) return false;
    const path = url.pathname.replace(/\/+$/, "") || "/dashboard";
    try {
      if (req.method === "GET" && path === "/dashboard/assets/dashboard.css") return send(res, 200, "text/css; charset=utf-8", DASHBOARD_CSS, "public, max-age=300");
      if (req.method === "GET" && path === "/dashboard/assets/dashboard.js") return send(res, 200, "text/javascript; charset=utf-8", DASHBOARD_JS, "public, max-age=300");
      if (req.method === "GET" && path === "/dashboard/login") return sessions.startSignIn(req, res, url);
      if (req.method === "GET" && path === "/dashboard/callback") return await sessions.finishSignIn(req, res, url);
      if (req.method === "POST" && path === "/dashboard/logout") return await sessions.signOut(req, res);
      if (req.method !== "GET") return sendHtml(res, 405, renderErrorPage({ title: "Not allowed", message: "The dashboard only answers GET, and POST to sign out" }));

      const session = sessions.read(req);
      const api = path.startsWith("/dashboard/api");
      if (!session) {
        if (api) return sendJson(res, 401, { error: "sign in at /dashboard/login first" });
        return sendHtml(res, 401, renderSignInPage({ ...(settings.clientId ? {} : { message: "Sign-in is not configured: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (the App's OAuth client)" }), next: `${url.pathname}${url.search}` }));
      }
      const viewer: Viewer = { login: session.login, csrfToken: sessions.csrfToken(session) };
      const rest = (api ? path.slice("/dashboard/api".length) : path.slice("/dashboard".length)).split("/").filter(Boolean).map(decodeURIComponent);

      // The index: the installations of this app the person can reach, and their repositories (GitHub intersects both).
      if (rest.length === 0 || (api && rest.length === 1 && rest[0] === "repos")) {
        const octokit = userOctokit(session);
        const { data } = await octokit.rest.apps.listInstallationsForAuthenticatedUser({ per_page: 100 });
        const repos = (await Promise.all(data.installations.map((i) => octokit.paginate(octokit.rest.apps.listInstallationReposForAuthenticatedUser, { installation_id: i.id, per_page: 100 })))).flat().map((r) => ({ fullName: r.full_name, private: r.private })).sort((a, b) => a.fullName.localeCompare(b.fullName));
        return api ? sendJson(res, 200, { repositories: repos }) : sendHtml(res, 200, renderIndexPage({ viewer, repos }));
      }
      const [owner, repo] = rest;
      if (rest.length !== 2 || !owner || !repo || !/^[A-Za-z0-9_.-]+$/.test(owner + repo)) return notFound(res, api, viewer);

      // GitHub decides who may read: the person's own token asks for the repository (cached briefly).
      if (!(await canRead(userOctokit(session), owner, repo))) return notFound(res, api, viewer);
      const octokit = await installationOctokit(owner, repo);
      const input = await readDashboardInput({ client: { octokit, owner, repo }, blobCache: params.deps.blobCache, memory, ...(params.deps.connectCluster && { connect: params.deps.connectCluster }), clusterTtlMs: settings.clusterSeconds * 1000, clock });
      const model = buildDashboardModel(input);
      return api ? sendJson(res, 200, model) : sendHtml(res, 200, renderDashboardPage({ model, viewer, ...(settings.refreshSeconds > 0 && { refreshSeconds: settings.refreshSeconds }) }));
    } catch (error) {
      if (!isAppError(error) && httpStatus(error) === undefined) throw error;
      params.log?.warn({ code: isAppError(error) ? error.code : "github-failed", status: httpStatus(error) }, "dashboard request failed");
      const message = isAppError(error) ? error.message : `GitHub answered HTTP ${httpStatus(error)}; try again in a minute`;
      if (url.pathname.startsWith("/dashboard/api")) return sendJson(res, 502, { error: message });
      return sendHtml(res, 502, renderErrorPage({ title: "Could not read GitHub", message }));
    }
  };
}

// Octokit logs every 304 as a failed request; the cache expects them.
const QUIET = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function canRead(octokit: Octokit, owner: string, repo: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.get({ owner, repo });
    return data.permissions?.pull !== false;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404 || status === 403) return false;
    throw error;
  }
}

function httpStatus(error: unknown): number | undefined {
  const s = (error as { status?: unknown } | null)?.status;
  return typeof s === "number" ? s : undefined;
}

// The same answer whether the repository does not exist or the person may not read it, so nothing leaks.
function notFound(res: ServerResponse, api: boolean, viewer: Viewer): true {
  const message = "There is no such repository with Ferry installed, or GitHub says you cannot read it. Ask an owner for read access.";
  return api ? sendJson(res, 404, { error: message }) : sendHtml(res, 404, renderErrorPage({ title: "Not found", message, viewer }));
}
