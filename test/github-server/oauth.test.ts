import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubTestServer } from "../support/github-server/github-test-server.ts";

/**
 * The test server's OAuth web flow and user tokens, which the dashboard signs in with:
 * GitHub's parameters and answers, single-use codes, and read access per person.
 */
describe("GitHub test server: OAuth web flow", () => {
  let gh: GitHubTestServer;
  beforeAll(async () => {
    gh = await GitHubTestServer.start();
    await gh.createRepo({ name: "config", files: { "README.md": "x" } });
    await gh.createRepo({ name: "open", files: { "README.md": "x" }, private: false });
    gh.setPermission({ user: "dana", permission: "read" });
  });
  afterAll(async () => gh.stop());

  const client = () => ({ id: gh.env().GITHUB_CLIENT_ID ?? "", secret: gh.env().GITHUB_CLIENT_SECRET ?? "" });
  async function authorize(params: Record<string, string>) {
    const res = await fetch(`${gh.url}/login/oauth/authorize?${new URLSearchParams(params)}`, { redirect: "manual" });
    return { status: res.status, location: res.headers.get("location") ? new URL(res.headers.get("location") ?? "") : undefined };
  }
  async function exchange(body: Record<string, string>) {
    const res = await fetch(`${gh.url}/login/oauth/access_token`, { method: "POST", headers: { accept: "application/json", "content-type": "application/json" }, body: JSON.stringify(body) });
    return (await res.json()) as { access_token?: string; error?: string };
  }
  async function tokenFor(login: string) {
    gh.signInAs(login);
    const { location } = await authorize({ client_id: client().id, redirect_uri: "http://127.0.0.1:1/cb", state: "s".repeat(24) });
    return (await exchange({ client_id: client().id, client_secret: client().secret, code: location?.searchParams.get("code") ?? "" })).access_token ?? "";
  }
  const api = (token: string, path: string) => fetch(`${gh.apiUrl}${path}`, { headers: { authorization: `token ${token}` } });

  it("approves as the configured person, redirecting back with a code and the same state", async () => {
    gh.signInAs("dana");

    const { status, location } = await authorize({ client_id: client().id, redirect_uri: "http://127.0.0.1:1/cb", state: "abc".repeat(8) });

    expect(status).toBe(302);
    expect(location?.origin + (location?.pathname ?? "")).toBe("http://127.0.0.1:1/cb");
    expect(location?.searchParams.get("state")).toBe("abc".repeat(8));
    expect(location?.searchParams.get("code")).toMatch(/^[0-9a-f]{20}$/);
  });

  it("records a violation for an authorize request without a state", async () => {
    const before = gh.violations.length;

    const { status } = await authorize({ client_id: client().id, redirect_uri: "http://127.0.0.1:1/cb" });

    expect(status).toBe(400);
    expect(gh.violations.slice(before).map((v) => v.problems).flat()).toEqual(["state should be an unguessable random string (GitHub recommends it against CSRF)"]);
    gh.clearLogs();
  });

  it("answers a wrong client secret and a reused code as GitHub does", async () => {
    gh.signInAs("dana");
    const { location } = await authorize({ client_id: client().id, redirect_uri: "http://127.0.0.1:1/cb", state: "s".repeat(24) });
    const code = location?.searchParams.get("code") ?? "";

    const wrong = await exchange({ client_id: client().id, client_secret: "nope", code });
    const first = await exchange({ client_id: client().id, client_secret: client().secret, code });
    const again = await exchange({ client_id: client().id, client_secret: client().secret, code });

    expect(wrong.error).toBe("incorrect_client_credentials");
    expect(first.access_token).toMatch(/^ghu_/);
    expect(again.error).toBe("bad_verification_code");
  });

  it("lets a user token read only repositories the person can read", async () => {
    const dana = await tokenFor("dana");
    const mallory = await tokenFor("mallory");

    const statuses = [await api(dana, "/repos/acme/config"), await api(mallory, "/repos/acme/config"), await api(mallory, "/repos/acme/open")].map((r) => r.status);
    const me = (await (await api(mallory, "/user")).json()) as { login: string };
    const installations = (await (await api(dana, "/user/installations")).json()) as { installations: { id: number }[] };
    const repos = (await (await api(mallory, `/user/installations/${gh.installationId}/repositories`)).json()) as { repositories: { full_name: string }[] };

    expect(statuses).toEqual([200, 404, 200]);
    expect(me.login).toBe("mallory");
    expect(installations.installations.map((i) => i.id)).toEqual([gh.installationId]);
    expect(repos.repositories.map((r) => r.full_name)).toEqual(["acme/open"]);
    expect(gh.violations).toEqual([]);
  });

  it("refuses a user token where GitHub Apps need the installation's", async () => {
    const dana = await tokenFor("dana");

    const res = await api(dana, "/repos/acme/config/pulls");

    expect(res.status).toBe(401);
    expect(gh.violations.at(-1)?.problems).toEqual(["pulls/list needs installation credentials, got user"]);
    gh.clearLogs();
  });
});
