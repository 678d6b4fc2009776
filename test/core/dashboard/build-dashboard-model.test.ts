import { describe, expect, it } from "vitest";
import { buildDashboardModel, formatAge, parseWaitingFor, renderDashboardPage, type DashboardInput } from "../../../src/core/dashboard/index.ts";
import { shuffled } from "../../support/shuffled.ts";
import { env, input, NOW, sha } from "./dashboard-fixtures.ts";

const viewer = { login: "dana", csrfToken: "t" };

describe("buildDashboardModel", () => {
  it.each([
    { name: "orders a chain first stage first", envs: [env("production", { promotesFrom: "staging" }), env("dev"), env("staging", { promotesFrom: "dev" })], order: ["dev:0", "staging:1", "production:2"] },
    { name: "puts both regions of a tree after their source", envs: [env("staging"), env("production-eu", { promotesFrom: "staging" }), env("production-us", { promotesFrom: "staging" })], order: ["staging:0", "production-eu:1", "production-us:1"] },
    { name: "shows an environment whose source is unknown as a first stage", envs: [env("production", { promotesFrom: "nowhere" })], order: ["production:0"] },
  ])("$name", ({ envs, order }) => {
    const model = buildDashboardModel(input({ environments: envs }));

    expect(model.environments.map((e) => `${e.name}:${e.depth}`)).toEqual(order);
  });

  it.each([
    { name: "counts waiting commits and lists them newest first", comparison: { status: "ahead" as const, aheadBy: 2, behindBy: 0, commits: [{ sha: sha("1"), title: "old", author: "a" }, { sha: sha("2"), title: "new", author: "b" }] }, state: "waiting", waiting: 2, titles: ["new", "old"] },
    { name: "says an identical edge is up to date", comparison: { status: "identical" as const, aheadBy: 0, behindBy: 0, commits: [] }, state: "up-to-date", waiting: 0, titles: [] },
    { name: "marks a diverged edge bad", comparison: { status: "diverged" as const, aheadBy: 1, behindBy: 1, commits: [{ sha: sha("3"), title: "x", author: "a" }] }, state: "diverged", waiting: 1, titles: ["x"] },
    { name: "has nothing to promote when the target is ahead", comparison: { status: "behind" as const, aheadBy: 0, behindBy: 3, commits: [] }, state: "behind", waiting: 0, titles: [] },
  ])("$name", ({ comparison, state, waiting, titles }) => {
    const model = buildDashboardModel(input({ environments: [env("staging"), env("production", { promotesFrom: "staging" })], edges: [{ from: "staging", to: "production", comparison }] }));

    const edge = model.edges[0]!;
    expect([edge.state.state, edge.waiting, edge.commits.map((c) => c.title)]).toEqual([state, waiting, titles]);
    expect(edge.promoteCommand).toBe("/promote production");
  });

  it("lists 20 of 250 waiting commits and says how many more", () => {
    const commits = Array.from({ length: 250 }, (_, i) => ({ sha: String(i).padStart(40, "0"), title: `c${i}`, author: "a" }));

    const edge = buildDashboardModel(input({ environments: [env("staging"), env("production", { promotesFrom: "staging" })], edges: [{ from: "staging", to: "production", comparison: { status: "ahead", aheadBy: 300, behindBy: 0, commits } }] })).edges[0]!;

    expect([edge.commits.length, edge.commits[0]?.title, edge.more]).toEqual([20, "c249", 280]);
  });

  it.each([
    { name: "waits for approvals and the reviewers the policy names", approvedBy: [], policy: { status: "completed" as const, conclusion: "failure", summary: "**x**\n\n**Waiting for reviewers:**\n- waiting for a review by @acme/security \\(secret-reviewer\\)\n" }, words: "ferry/policy fails", waits: ["1 more approval (0 of 1)", "waiting for a review by @acme/security (secret-reviewer)"] },
    { name: "is ready when approved and the policy passes", approvedBy: ["erin"], policy: { status: "completed" as const, conclusion: "success", summary: "all rules pass" }, words: "ferry/policy passes", waits: [] },
    { name: "says when the policy has not reported", approvedBy: ["erin"], policy: undefined, words: "ferry/policy not reported yet", waits: [] },
  ])("a promotion PR $name", ({ approvedBy, policy, words, waits }) => {
    const model = buildDashboardModel(input({
      environments: [env("staging"), env("production", { promotesFrom: "staging" })],
      edges: [{ from: "staging", to: "production", comparison: { status: "identical", aheadBy: 0, behindBy: 0, commits: [] } }],
      pulls: [{ number: 7, title: "Promote", kind: "promotion", environment: "production", headSha: sha("s"), author: "ferry[bot]", createdAt: NOW, approvedBy, ...(policy && { policy }) }],
    }));

    const pull = model.edges[0]?.pull;
    expect([pull?.policy.words, pull?.waitingFor]).toEqual([words, waits]);
  });

  it.each([
    { name: "is in sync when every cluster matches", clusters: [{ cluster: "a", inventorySha: sha("p"), drift: { readAt: NOW, objects: [] } }], state: "in-sync" },
    { name: "drifts when a cluster has a changed object", clusters: [{ cluster: "a", inventorySha: sha("p"), drift: { readAt: NOW, objects: [] } }, { cluster: "b", inventorySha: sha("p"), drift: { readAt: NOW, objects: [{ key: "apps/Deployment/x/web", type: "modified" as const, fields: ["/spec/replicas"] }] } }], state: "drifting" },
    { name: "says never applied instead of listing every object missing", clusters: [{ cluster: "a", drift: { readAt: NOW, objects: [{ key: "/Service/x/web", type: "missing" as const }] } }], state: "not-applied" },
    { name: "is not checked without a reading", clusters: [{ cluster: "a", error: "no credentials" }], state: "unread" },
  ])("drift $name", ({ clusters, state }) => {
    const model = buildDashboardModel(input({ environments: [env("production", { clusters })] }));

    expect(model.environments[0]?.drift.state).toBe(state);
  });

  it("shows what runs from the newest successful Deployment, the Lease holder and the last 20 Deployments", () => {
    const deployments = Array.from({ length: 25 }, (_, i) => ({ id: 100 - i, sha: sha(i === 0 ? "b" : "a"), state: i === 0 ? ("failure" as const) : ("success" as const), createdAt: "2026-01-09T12:00:00Z" }));
    const production = env("production", { deployments, deployedCommit: { sha: sha("a"), title: "release", author: "dana" }, clusters: [{ cluster: "eu-1", inventorySha: sha("b"), health: "Degraded", leaseHolder: "ferry-1@bbbb", unhealthy: ["apps/Deployment/shop/web: degraded"] }] });

    const e = buildDashboardModel(input({ environments: [production] })).environments[0]!;

    expect([e.running?.title, e.lastApply.words, e.lastApply.age, e.deployments.length]).toEqual(["release", "failed", "1 day ago", 20]);
    expect(e.clusters[0]).toMatchObject({ appliedShort: "bbbbbbb", atHead: false, health: { words: "degraded", tone: "bad" }, lease: "apply running, Lease held by ferry-1@bbbb" });
  });

  it("shows only the settings error when the settings are invalid", () => {
    const model = buildDashboardModel(input({ settingsError: "invalid settings in \".github/ferry.yml\"", environments: [env("x")] }));

    expect([model.error, model.environments]).toEqual(["invalid settings in \".github/ferry.yml\"", []]);
  });

  it("gives the same model and page whatever order the PRs and edges were read in", () => {
    const base: DashboardInput = input({
      environments: [env("staging"), env("production-eu", { promotesFrom: "staging" }), env("production-us", { promotesFrom: "staging" })],
      edges: ["production-eu", "production-us"].map((to) => ({ from: "staging", to, comparison: { status: "ahead" as const, aheadBy: 1, behindBy: 0, commits: [{ sha: sha("c"), title: "c", author: "a" }] } })),
      pulls: [3, 4, 5].map((n, i) => ({ number: n, title: `p${n}`, kind: i === 2 ? ("rollback" as const) : ("promotion" as const), environment: i === 0 ? "production-eu" : "production-us", headSha: sha("c"), author: "ferry[bot]", createdAt: NOW, approvedBy: [] })),
    });
    const expected = renderDashboardPage({ model: buildDashboardModel(base), viewer }).text;

    for (const seed of [1, 2, 3]) {
      const reordered = { ...base, edges: shuffled(base.edges, seed), pulls: shuffled(base.pulls, seed) };
      expect(renderDashboardPage({ model: buildDashboardModel(reordered), viewer }).text).toBe(expected);
    }
  });

  it("does not change its input", () => {
    const given = input({ environments: [env("staging"), env("production", { promotesFrom: "staging" })] });
    const copy = structuredClone(given);

    buildDashboardModel(given);

    expect(given).toEqual(copy);
  });
});

describe("page text from hostile input", () => {
  it("renders evil-* titles, authors, cluster errors and drift keys as text", () => {
    const evil = "<script>alert('evil')</script>";
    const model = buildDashboardModel(input({
      environments: [env("staging", { head: { sha: sha("e"), title: evil, author: evil, url: "javascript:alert(1)" } }), env("production", { promotesFrom: "staging", clusters: [{ cluster: "production", error: evil, drift: { readAt: NOW, objects: [{ key: evil, type: "extra" }] } }] })],
      pulls: [{ number: 9, title: evil, url: "javascript:alert(2)", kind: "promotion", environment: "production", headSha: sha("e"), author: evil, createdAt: NOW, approvedBy: [] }],
    }));

    const page = renderDashboardPage({ model, viewer }).text;

    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("javascript:");
    expect(page.split("&lt;script&gt;alert(&#39;evil&#39;)&lt;/script&gt;").length - 1).toBeGreaterThanOrEqual(5);
  });
});

describe("formatAge and parseWaitingFor", () => {
  it.each([
    { at: "2026-01-10T11:59:30Z", expected: "just now" },
    { at: "2026-01-10T11:55:00Z", expected: "5 min ago" },
    { at: "2026-01-10T09:00:00Z", expected: "3 h ago" },
    { at: "2026-01-09T12:00:00Z", expected: "1 day ago" },
    { at: "2026-01-01T12:00:00Z", expected: "9 days ago" },
    { at: "2026-01-10T13:00:00Z", expected: "in the future" },
    { at: "not a date", expected: "" },
  ])("$at is $expected", ({ at, expected }) => {
    expect(formatAge(at, NOW)).toBe(expected);
  });

  it("reads only the list under the waiting heading", () => {
    expect(parseWaitingFor("a\n\n**Waiting for reviewers:**\n- one\n- two \\*\nafter")).toEqual(["one", "two *"]);
    expect(parseWaitingFor("no list")).toEqual([]);
  });
});
