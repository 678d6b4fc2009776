/**
 * A cookie-keeping HTTP client for the dashboard, for tests and the bench: it follows
 * the real OAuth web flow through the GitHub test server (authorize auto-approves as the
 * user the server is told to sign in as) and keeps the session cookie like a browser.
 */
import type { GitHubTestServer } from "./github-server/github-test-server.ts";

/** One answer: status, headers and body text. */
export interface DashboardAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** A browser-like client of one Ferry server's dashboard. */
export class DashboardClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  /** GETs (or POSTs a form to) a path, sending and storing cookies; never follows redirects. */
  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<DashboardAnswer> {
    const url = path.startsWith("http") ? path : `${this.origin}${path}`;
    const sameOrigin = url.startsWith(this.origin);
    const headers: Record<string, string> = {};
    if (sameOrigin && this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(url, { method: init.method ?? "GET", headers, redirect: "manual", ...(init.form && { body: new URLSearchParams(init.form).toString() }), signal: AbortSignal.timeout(30_000) });
    if (sameOrigin) {
      for (const c of res.headers.getSetCookie()) {
        const [pair = "", ...attrs] = c.split(";");
        const at = pair.indexOf("=");
        const gone = attrs.some((a) => a.trim().toLowerCase() === "max-age=0");
        if (gone) this.cookies.delete(pair.slice(0, at));
        else this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
    }
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** Follows redirects from `path` (across the GitHub test server and back) and returns the last answer. */
  async follow(path: string): Promise<DashboardAnswer & { url: string }> {
    let url = path.startsWith("http") ? path : `${this.origin}${path}`;
    for (let i = 0; i < 10; i++) {
      const answer = await this.request(url);
      const location = answer.headers.get("location");
      if (answer.status < 300 || answer.status >= 400 || !location) return { ...answer, url };
      url = new URL(location, url).toString();
    }
    throw new Error(`too many redirects from ${path}`);
  }

  /** Signs in as `login` through GitHub's web flow on the test server. */
  async signIn(github: GitHubTestServer, login: string): Promise<DashboardAnswer & { url: string }> {
    github.signInAs(login);
    return this.follow("/dashboard/login");
  }
}
