/**
 * GitHub's OAuth web flow for a GitHub App's user sign-in, as the dashboard uses it:
 * `GET /login/oauth/authorize` (auto-approved as the configured test user, redirecting
 * back with `code` and `state`) and `POST /login/oauth/access_token` (code → user
 * token). These two live on GitHub's web host, not the REST API, so GitHub's OpenAPI
 * description does not cover them; their parameters are checked here against GitHub's
 * documentation ("Authorizing OAuth apps" / "Generating a user access token for a
 * GitHub App") and a wrong request is recorded as a violation, like an off-spec API call.
 * The REST side of sign-in (`GET /user`, the user's installations and their
 * repositories) goes through the API router and is checked against the description.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerCore } from "../core.ts";
import { installationShape, repositoryShape, simpleUser } from "../shapes/account.ts";
import { ApiError } from "../state.ts";
import { intParam, page, type Routes } from "./context.ts";

/** The OAuth client of the test app and who `authorize` signs in as. */
export interface OAuthState {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The login `authorize` approves as; `undefined` makes it answer "access denied". */
  user: string | undefined;
  readonly codes: Map<string, { login: string; redirectUri: string | undefined; expiresAt: number }>;
  /** User access tokens (`ghu_…`) → login. */
  readonly tokens: Map<string, string>;
}

/** Returns fresh OAuth state with a random client secret. */
export function newOAuthState(appId: number): OAuthState {
  return { clientId: `Iv1.${appId}`, clientSecret: randomBytes(20).toString("hex"), user: undefined, codes: new Map(), tokens: new Map() };
}

/** Serves the two web-host OAuth endpoints; returns false for any other request. */
export function serveOAuth(core: ServerCore, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? "/", core.options.url);
  if (url.pathname === "/login/oauth/authorize" && req.method === "GET") {
    authorize(core, url, res);
    return true;
  }
  if (url.pathname === "/login/oauth/access_token" && req.method === "POST") {
    void readForm(req).then((form) => accessToken(core, form, req.headers.accept ?? "", res));
    return true;
  }
  return false;
}

function authorize(core: ServerCore, url: URL, res: ServerResponse): void {
  const oauth = core.oauth;
  const clientId = url.searchParams.get("client_id");
  const redirectUri = url.searchParams.get("redirect_uri") ?? undefined;
  const state = url.searchParams.get("state");
  const problems = [
    ...(clientId === null ? ["client_id is required"] : clientId !== oauth.clientId ? [`client_id ${clientId} is not the app's`] : []),
    ...(state === null || state.length < 16 ? ["state should be an unguessable random string (GitHub recommends it against CSRF)"] : []),
    ...(redirectUri !== undefined && !/^https?:\/\//.test(redirectUri) ? ["redirect_uri must be an absolute URL"] : []),
  ];
  if (problems.length > 0 || redirectUri === undefined) {
    if (problems.length > 0) core.violation({ kind: "request", method: "GET", path: "/login/oauth/authorize", operationId: undefined, problems });
    res.writeHead(problems.length > 0 ? 400 : 200, { "content-type": "text/plain" }).end(problems.length > 0 ? problems.join("\n") : "no redirect_uri: nothing to return to");
    return;
  }
  const back = new URL(redirectUri);
  const login = url.searchParams.get("login") ?? oauth.user;
  if (login === undefined) {
    // GitHub's answer when the person clicks "Cancel".
    back.searchParams.set("error", "access_denied");
    back.searchParams.set("error_description", "The user has denied your application access.");
  } else {
    core.user(login);
    const code = randomBytes(10).toString("hex");
    oauth.codes.set(code, { login, redirectUri, expiresAt: core.options.clock().getTime() + 600_000 });
    back.searchParams.set("code", code);
  }
  if (state !== null) back.searchParams.set("state", state);
  res.writeHead(302, { location: back.toString() }).end();
}

function accessToken(core: ServerCore, form: URLSearchParams, accept: string, res: ServerResponse): void {
  const oauth = core.oauth;
  const send = (body: Record<string, string>) => {
    // GitHub answers form-encoded unless asked for JSON, and 200 even for errors.
    if (accept.includes("json")) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    else res.writeHead(200, { "content-type": "application/x-www-form-urlencoded" }).end(new URLSearchParams(body).toString());
  };
  const missing = ["client_id", "client_secret", "code"].filter((k) => !form.get(k));
  if (missing.length > 0) {
    core.violation({ kind: "request", method: "POST", path: "/login/oauth/access_token", operationId: undefined, problems: missing.map((k) => `${k} is required`) });
    send({ error: "incorrect_client_credentials", error_description: "The client_id and/or client_secret passed are incorrect." });
    return;
  }
  if (form.get("client_id") !== oauth.clientId || form.get("client_secret") !== oauth.clientSecret) {
    send({ error: "incorrect_client_credentials", error_description: "The client_id and/or client_secret passed are incorrect." });
    return;
  }
  const code = form.get("code") ?? "";
  const grant = oauth.codes.get(code);
  oauth.codes.delete(code); // single use, as on GitHub
  const redirectUri = form.get("redirect_uri");
  if (grant === undefined || grant.expiresAt < core.options.clock().getTime() || (redirectUri !== null && redirectUri !== grant.redirectUri)) {
    send({ error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
    return;
  }
  const token = `ghu_${randomBytes(18).toString("hex")}`;
  oauth.tokens.set(token, grant.login);
  send({ access_token: token, token_type: "bearer", scope: "" });
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const json = (req.headers["content-type"] ?? "").includes("json");
      resolve(json ? new URLSearchParams(JSON.parse(text || "{}") as Record<string, string>) : new URLSearchParams(text));
    });
    req.on("error", reject);
  });
}

/** Returns whether a person may read a repository: owners and anyone with a permission; everyone for public ones. */
export function canRead(core: ServerCore, repo: Parameters<ServerCore["permission"]>[0], login: string): boolean {
  return !repo.private || core.permission(repo, login) !== "none";
}

/** REST routes a user access token calls during and after sign-in. */
export const oauthUserRoutes: Routes = {
  "users/get-authenticated": ({ core, actor }) => ({ status: 200, body: { ...simpleUser(core, actor), name: actor.name, email: null, bio: null, blog: null, company: null, location: null, hireable: null, twitter_username: null, public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z" } }),
  // The installations of this app the person can reach: the one installation, when they can read any of its repositories.
  "apps/list-installations-for-authenticated-user": ({ core, actor }) => {
    const visible = [...core.repos.values()].some((r) => canRead(core, r, actor.login));
    return { status: 200, body: { total_count: visible ? 1 : 0, installations: visible ? [installationShape(core)] : [] } };
  },
  "apps/list-installation-repos-for-authenticated-user": (ctx) => {
    if (intParam(ctx, "installation_id") !== ctx.core.options.installationId) throw new ApiError(404, "Not Found");
    const repos = [...ctx.core.repos.values()].filter((r) => canRead(ctx.core, r, ctx.actor.login)).sort((a, b) => a.fullName.localeCompare(b.fullName));
    const paged = page(ctx, repos);
    return { status: 200, headers: paged.headers, body: { total_count: repos.length, repository_selection: "all", repositories: paged.body.map((r) => repositoryShape(ctx.core, r)) } };
  },
};
