/**
 * Sign-in with GitHub and sessions. The web flow: `/dashboard/login` makes a random
 * `state`, binds it to this browser in a sealed short-lived cookie and sends the person
 * to GitHub; `/dashboard/callback` accepts the code only with that same state, once
 * (a used state is remembered until it expires), exchanges it for the person's token,
 * asks GitHub who they are, and sets the session: a sealed (encrypted and
 * authenticated) HttpOnly, SameSite=Lax cookie, Secure behind https. Sign-out is a POST
 * carrying the session's CSRF token.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Octokit } from "@octokit/rest";
import { renderErrorPage, renderSignInPage } from "../../core/dashboard/index.ts";
import { isAppError } from "../../errors.ts";
import { timedFetch } from "../github/ferry-octokit.ts";
import type { DashboardSettings } from "./dashboard-settings.ts";
import { authorizeUrl, exchangeCode, type OAuthClient } from "./github-oauth.ts";
import { redirect, sendHtml } from "./http-replies.ts";
import { cookieHeader, CookieSealer, readCookies, SESSION_COOKIE, STATE_COOKIE } from "./session-cookies.ts";

/** A signed-in person. The token never leaves the server except inside the sealed cookie. */
export interface Session {
  readonly sid: string;
  readonly login: string;
  readonly token: string;
}

const STATE_SECONDS = 600;

/** Sessions and the OAuth web flow for one process. */
export class DashboardSessions {
  private readonly sealer: CookieSealer;
  private readonly usedStates = new Map<string, number>();

  constructor(private readonly settings: DashboardSettings) {
    this.sealer = new CookieSealer(settings.cookieSecret);
  }

  /** Returns the session of a request, or undefined when there is none (or it was altered or expired). */
  read(req: IncomingMessage): Session | undefined {
    const s = this.sealer.open<{ sid?: unknown; login?: unknown; token?: unknown }>(readCookies(req.headers.cookie).get(SESSION_COOKIE), Date.now());
    return s && typeof s.sid === "string" && typeof s.login === "string" && typeof s.token === "string" ? { sid: s.sid, login: s.login, token: s.token } : undefined;
  }

  /** Returns the CSRF token forms of this session carry. */
  csrfToken(session: Session): string {
    return this.sealer.csrfToken(session.sid);
  }

  /** Starts sign-in: state cookie, then off to GitHub. */
  startSignIn(req: IncomingMessage, res: ServerResponse, url: URL): true {
    const client = this.client();
    if (!client) return sendHtml(res, 503, renderSignInPage({ message: "Sign-in is not configured: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (the App's OAuth client)" }));
    const state = randomBytes(24).toString("base64url");
    const next = safeNext(url.searchParams.get("next"));
    const cookie = cookieHeader({ name: STATE_COOKIE, value: this.sealer.seal({ state, next }, Date.now() + STATE_SECONDS * 1000), maxAgeSeconds: STATE_SECONDS, secure: this.secure(req) });
    return redirect(res, authorizeUrl(client, { redirectUri: this.redirectUri(req), state }), [cookie]);
  }

  /** Finishes sign-in: checks state (bound to this browser, single use), exchanges the code, sets the session. */
  async finishSignIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<true> {
    const client = this.client();
    const secure = this.secure(req);
    const clearState = cookieHeader({ name: STATE_COOKIE, value: "", maxAgeSeconds: 0, secure });
    const saved = this.sealer.open<{ state?: unknown; next?: unknown }>(readCookies(req.headers.cookie).get(STATE_COOKIE), Date.now());
    const state = url.searchParams.get("state");
    const refuse = (message: string) => {
      res.setHeader("set-cookie", clearState);
      return sendHtml(res, 400, renderSignInPage({ message }));
    };
    if (!client) return refuse("Sign-in is not configured: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET");
    if (url.searchParams.get("error")) return refuse("GitHub did not sign you in (access was denied); try again");
    this.forgetExpiredStates();
    if (!saved || typeof saved.state !== "string" || state !== saved.state || this.usedStates.has(state)) return refuse("This sign-in link expired, was already used, or was started in another browser; sign in again");
    this.usedStates.set(state, Date.now() + STATE_SECONDS * 1000);
    const code = url.searchParams.get("code");
    if (!code) return refuse("GitHub sent no authorization code; sign in again");
    try {
      const token = await exchangeCode(client, { code, redirectUri: this.redirectUri(req) });
      const { data: user } = await new Octokit({ auth: token, baseUrl: this.settings.apiUrl, request: { fetch: timedFetch(this.settings.timeoutMs, globalThis.fetch) } }).rest.users.getAuthenticated();
      const expires = Date.now() + this.settings.sessionHours * 3600_000;
      const session = cookieHeader({ name: SESSION_COOKIE, value: this.sealer.seal({ sid: randomBytes(16).toString("base64url"), login: user.login, token }, expires), maxAgeSeconds: this.settings.sessionHours * 3600, secure });
      return redirect(res, safeNext(typeof saved.next === "string" ? saved.next : null), [clearState, session]);
    } catch (error) {
      if (!isAppError(error) && typeof (error as { status?: unknown }).status !== "number") throw error;
      return refuse(isAppError(error) ? error.message : "GitHub refused the new sign-in; try again");
    }
  }

  /** Signs out when the form carries this session's CSRF token; refuses otherwise. */
  async signOut(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const form = new URLSearchParams(await readBody(req, 4096));
    const session = this.read(req);
    if (!session || !this.sealer.checkCsrf(session.sid, form.get("csrf") ?? undefined)) return sendHtml(res, 403, renderErrorPage({ title: "Not signed out", message: "The sign-out form was not sent from this dashboard (its CSRF token does not match); use the Sign out button" }));
    return redirect(res, "/dashboard", [cookieHeader({ name: SESSION_COOKIE, value: "", maxAgeSeconds: 0, secure: this.secure(req) })]);
  }

  private client(): OAuthClient | undefined {
    const { clientId, clientSecret, webUrl, timeoutMs } = this.settings;
    return clientId && clientSecret ? { clientId, clientSecret, webUrl, timeoutMs } : undefined;
  }

  private base(req: IncomingMessage): string {
    return this.settings.publicUrl ?? `${this.secure(req) ? "https" : "http"}://${req.headers.host ?? "127.0.0.1"}`;
  }

  private redirectUri(req: IncomingMessage): string {
    return `${this.base(req)}/dashboard/callback`;
  }

  private secure(req: IncomingMessage): boolean {
    if (this.settings.publicUrl) return this.settings.publicUrl.startsWith("https://");
    return req.headers["x-forwarded-proto"] === "https" || (req.socket as { encrypted?: boolean }).encrypted === true;
  }

  private forgetExpiredStates(): void {
    const now = Date.now();
    for (const [state, until] of this.usedStates) if (until < now) this.usedStates.delete(state);
  }
}

// Only a path under /dashboard, so sign-in can never redirect to another site.
function safeNext(next: string | null): string {
  return next && /^\/dashboard(\/[^\\]*)?(\?[^\\]*)?$/.test(next) && !next.startsWith("//") ? next : "/dashboard";
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
      if (text.length > limit) req.destroy();
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}
