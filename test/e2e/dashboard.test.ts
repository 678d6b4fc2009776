import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DashboardClient } from "../support/dashboard-client.ts";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * The dashboard over HTTP on the real Probot server: sign-in through the GitHub test
 * server's OAuth web flow, who may see what, CSRF and state checks, escaping, and the
 * GitHub requests a page view costs (counted on the test server, never timed).
 */
describe("dashboard over HTTP", () => {
  let h: FerryHarness;
  let n = 0;
  // A cache TTL of 0 makes every view revalidate, so the test sees the conditional requests.
  beforeAll(async () => {
    h = await startFerryHarness({ env: { FERRY_DASHBOARD_CACHE_SECONDS: "0" } });
  });
  afterAll(async () => h.stop());
  afterEach(() => expect(h.github.violations).toEqual([]));

  const client = () => new DashboardClient(new URL(h.ferry.dashboardUrl).origin);
  async function setup() {
    const repo = await h.newRepo(`dash-${++n}`);
    h.github.setPermission({ repo, user: "dana", permission: "maintain" });
    h.github.setPermission({ repo, user: "erin", permission: "write" });
    return repo;
  }

  it("answers nothing but the sign-in page without a session", async () => {
    const repo = await setup();
    const c = client();

    const answers = await Promise.all([`/dashboard`, `/dashboard/${repo}`, `/dashboard/api/${repo}`, `/dashboard/api/repos`].map((p) => c.request(p)));
    const css = await c.request("/dashboard/assets/dashboard.css");

    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    for (const a of answers) expect(a.text).not.toMatch(new RegExp(`production|staging|${h.example.release.slice(0, 7)}`));
    expect(answers[0]!.text).toContain("Sign in with GitHub");
    expect(css.status).toBe(200);
    expect(css.text).not.toMatch(/acme|production/);
  });

  it("signs in through GitHub's web flow with an HttpOnly, SameSite=Lax session and lists readable repositories", async () => {
    const repo = await setup();
    const c = client();
    h.github.signInAs("dana");

    const start = await c.request("/dashboard/login");
    const authorize = new URL(start.headers.get("location") ?? "");
    const callback = await c.request(authorize.toString());
    const back = await c.request(callback.headers.get("location") ?? "");
    const index = await c.request("/dashboard");
    const json = JSON.parse((await c.request("/dashboard/api/repos")).text) as { repositories: { fullName: string }[] };

    expect(authorize.pathname).toBe("/login/oauth/authorize");
    expect(authorize.searchParams.get("state")).toMatch(/^[\w-]{32}$/);
    expect(start.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax/);
    expect(back.status).toBe(302);
    expect(back.headers.getSetCookie().find((s) => s.startsWith("ferry_session="))).toMatch(/Path=\/dashboard; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    expect(index.text).toContain(`href="/dashboard/${repo}"`);
    expect(index.text).toContain("Signed in as <strong>dana</strong>");
    expect(json.repositories.map((r) => r.fullName)).toContain(repo);
  });

  it("shows a repository only to people GitHub lets read it", async () => {
    const repo = await setup();
    const dana = client();
    const mallory = client();
    await dana.signIn(h.github, "dana");
    await mallory.signIn(h.github, "mallory");

    const allowed = await dana.request(`/dashboard/${repo}`);
    const refused = await mallory.request(`/dashboard/${repo}`);
    const refusedJson = await mallory.request(`/dashboard/api/${repo}`);
    const index = JSON.parse((await mallory.request("/dashboard/api/repos")).text) as { repositories: unknown[] };

    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain(h.example.release.slice(0, 7));
    expect([refused.status, refusedJson.status]).toEqual([404, 404]);
    expect(refused.text).toContain("GitHub says you cannot read it");
    expect(refused.text).not.toContain(h.example.release.slice(0, 7));
    expect(index.repositories).toEqual([]);
  });

  it.each([
    { name: "refuses a callback whose state is not the one this browser started", tamper: (u: URL) => u.searchParams.set("state", "x".repeat(32)) },
    { name: "refuses a callback without a state", tamper: (u: URL) => u.searchParams.delete("state") },
  ])("$name", async ({ tamper }) => {
    const c = client();
    h.github.signInAs("dana");
    const start = await c.request("/dashboard/login");
    const callback = new URL((await c.request(start.headers.get("location") ?? "")).headers.get("location") ?? "");
    tamper(callback);

    const answer = await c.request(callback.toString());

    expect(answer.status).toBe(400);
    expect(answer.text).toContain("sign in again");
    expect(c.cookies.has("ferry_session")).toBe(false);
  });

  it("accepts a state once: a replayed callback is refused", async () => {
    const c = client();
    h.github.signInAs("dana");
    const start = await c.request("/dashboard/login");
    const callback = (await c.request(start.headers.get("location") ?? "")).headers.get("location") ?? "";
    const stateCookie = c.cookies.get("ferry_oauth") ?? "";
    await c.request(callback);

    const replay = new DashboardClient(c.origin);
    replay.cookies.set("ferry_oauth", stateCookie);
    const answer = await replay.request(callback);

    expect(answer.status).toBe(400);
    expect(replay.cookies.has("ferry_session")).toBe(false);
  });

  it("signs out only with the session's CSRF token", async () => {
    await setup();
    const c = client();
    await c.signIn(h.github, "dana");
    const csrf = /name="csrf" value="([^"]+)"/.exec((await c.request("/dashboard")).text)?.[1] ?? "";

    const forged = await c.request("/dashboard/logout", { method: "POST", form: { csrf: "forged" } });
    const stillIn = await c.request("/dashboard");
    const real = await c.request("/dashboard/logout", { method: "POST", form: { csrf } });
    const after = await c.request("/dashboard");

    expect([forged.status, stillIn.status]).toEqual([403, 200]);
    expect([real.status, after.status]).toEqual([302, 401]);
  });

  it("keeps a hostile PR title and commit title as text", async () => {
    const repo = await setup();
    await h.github.commit({ repo, branch: "staging", files: { "staging/evil.txt": "x" }, message: "<img src=x onerror=alert(1)> evil-commit", as: "dana" });
    const issue = await h.github.createIssueAs({ repo, title: "release", as: "dana" });
    h.github.comment({ repo, issue, body: "/promote production", as: "dana" });
    await h.settle();
    const pull = h.github.pulls(repo).find((p) => p.pull?.headRef === "ferry/promote/production")!;
    h.github.pullRecord(pull.number, repo).title = "<script>alert('evil-title')</script>";
    const c = client();
    await c.signIn(h.github, "dana");

    const page = await c.request(`/dashboard/${repo}`);

    expect(page.text).not.toContain("<script>alert");
    expect(page.text).not.toContain("<img src=x");
    expect(page.text).toContain("&lt;script&gt;alert(&#39;evil-title&#39;)&lt;/script&gt;");
    expect(page.text).toContain("&lt;img src=x onerror=alert(1)&gt; evil-commit");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    // No secret reaches a page or the JSON: not the person's token, not the App's client secret.
    const json = (await c.request(`/dashboard/api/${repo}`)).text;
    for (const text of [page.text, json]) {
      expect(text).not.toMatch(/ghu_[0-9a-f]+/);
      expect(text).not.toContain(h.github.env().GITHUB_CLIENT_SECRET);
    }
  });

  it("says what is wrong when the settings on the default branch are invalid", async () => {
    const repo = await setup();
    await h.github.commit({ repo, branch: "main", files: { ".github/ferry.yml": "environments:\n  - name: staging\n  - name: production\n    promotesFrom: stagin\n" }, message: "typo", as: "dana" });
    await h.settle();
    const c = client();
    await c.signIn(h.github, "dana");

    const page = await c.request(`/dashboard/${repo}`);

    expect(page.status).toBe(200);
    expect(page.text).toContain("invalid settings in &quot;.github/ferry.yml&quot;");
    expect(page.text).toContain("unknown environment &quot;stagin&quot;");
  });

  it("costs a stated number of GitHub requests per view, and only 304s when nothing changed", async () => {
    const repo = await setup();
    const issue = await h.github.createIssueAs({ repo, title: "release", as: "dana" });
    h.github.comment({ repo, issue, body: "/promote production", as: "dana" });
    await h.settle();
    const c = client();
    await c.signIn(h.github, "dana");
    h.github.clearLogs();

    await c.request(`/dashboard/${repo}`);
    const cold = countByOperation(h.github.requests);
    h.github.clearLogs();
    await c.request(`/dashboard/${repo}`);
    const warm = h.github.requests;

    // docs/dashboard.md: 4 + per environment 1 (+ statuses of unfinished Deployments) + per commit shown 1 + per edge 1 + per PR 2, plus the person's read check and the installation (its token is Probot's, shared with the webhooks).
    expect(cold).toEqual({
      "repos/get": 2, // the person's read check (user token), the repository (installation)
      "apps/get-repo-installation": 1,
      "repos/get-content": 1,
      "repos/list-branches": 1,
      "pulls/list": 1,
      "repos/list-deployments": 2,
      "git/get-commit": 2,
      "repos/compare-commits-with-basehead": 1,
      "checks/list-for-ref": 1,
      "pulls/list-reviews": 1,
    });
    expect(warm.filter((r) => r.status !== 304)).toEqual([]);
    expect(warm).toHaveLength(10);
  });
});

function countByOperation(requests: readonly { operationId: string | undefined }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) out[r.operationId ?? "?"] = (out[r.operationId ?? "?"] ?? 0) + 1;
  return out;
}
