import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardModel } from "../../src/core/dashboard/index.ts";
import { KubeClusterClient } from "../../src/adapters/cluster/kube-cluster-client.ts";
import { loadEndpoint } from "../../src/adapters/cluster/load-clusters.ts";
import { ARTIFACTS, HAS_CHROMIUM, launchChromium, warnWhenNoChromium } from "../support/chromium.ts";
import { DashboardClient } from "../support/dashboard-client.ts";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";

/**
 * Beyond the demo's two stages: a chain dev → staging → production and a tree of two
 * production regions on two clusters each, taken through a promotion on every edge by
 * the real Ferry, while the dashboard (JSON and page) shows each step.
 */
const SETTINGS = `environments:
  - name: dev
  - name: staging
    promotesFrom: dev
  - name: production
    promotesFrom: staging
  - name: production-eu
    promotesFrom: staging
    clusters: [eu-1, eu-2]
  - name: production-us
    promotesFrom: staging
    clusters: [us-1, us-2]
`;
const CLUSTERS = ["dev", "staging", "production", "eu-1", "eu-2", "us-1", "us-2"];
const ENVS = ["dev", "staging", "production", "production-eu", "production-us"];
const manifest = (env: string, version: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app-${env}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: app-${env}\ndata:\n  version: "${version}"\n`;

warnWhenNoChromium("dashboard-stages.test.ts");

describe("dashboard of a chain and a tree", () => {
  let h: FerryHarness;
  const kubes: KubeTestServer[] = [];
  let dir: string;
  let c: DashboardClient;
  const REPO = "acme/stages";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-stages-"));
    const env: Record<string, string> = { FERRY_DASHBOARD_CACHE_SECONDS: "0", FERRY_DASHBOARD_CLUSTER_SECONDS: "0" };
    for (const name of CLUSTERS) {
      const kube = await KubeTestServer.start();
      kubes.push(kube);
      const file = join(dir, `${name}.kubeconfig`);
      await kube.writeKubeconfig(file);
      env[`FERRY_CLUSTER_${name.toUpperCase().replaceAll("-", "_")}_KUBECONFIG`] = file;
    }
    h = await startFerryHarness({ env });
    await h.github.createRepo({ name: "stages", files: { ".github/ferry.yml": SETTINGS, ...Object.fromEntries(ENVS.map((e) => [`${e}/app.yaml`, manifest(e, "1")])) } });
    const main = h.github.repo(REPO);
    const base = (await main.git.git(["rev-parse", "main"])).trim();
    for (const e of ENVS) await main.git.git(["update-ref", `refs/heads/${e}`, base]);
    h.github.setPermission({ repo: REPO, user: "dana", permission: "maintain" });
    h.github.setPermission({ repo: REPO, user: "erin", permission: "write" });
    c = new DashboardClient(new URL(h.ferry.dashboardUrl).origin);
    await c.signIn(h.github, "dana");
  });
  afterAll(async () => {
    expect(h.github.violations).toEqual([]);
    await h.stop();
    for (const k of kubes) await k.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const model = async () => JSON.parse((await c.request(`/dashboard/api/${REPO}`)).text) as DashboardModel;
  const edge = (m: DashboardModel, to: string) => m.edges.find((e) => e.to === to)!;
  const environment = (m: DashboardModel, name: string) => m.environments.find((e) => e.name === name)!;
  async function promote(env: string) {
    const issue = h.github.createIssueAs({ repo: REPO, title: `promote ${env}`, as: "dana" });
    h.github.comment({ repo: REPO, issue, body: `/promote ${env}`, as: "dana" });
    await h.settle();
    const pull = h.github.pulls(REPO).find((p) => p.pull?.headRef === `ferry/promote/${env}` && p.state === "open");
    if (!pull) throw new Error(`no promotion PR into ${env}: ${h.github.comments(issue, REPO).map((x) => x.body).join("\n")}`);
    return pull.number;
  }
  async function merge(pull: number) {
    await h.github.review({ repo: REPO, pull, as: "erin", state: "APPROVED" });
    h.github.comment({ repo: REPO, issue: pull, body: "/merge", as: "dana" });
    await h.settle();
  }

  it("draws the chain and the tree in order, with each region's two clusters", async () => {
    const m = await model();
    const page = (await c.request(`/dashboard/${REPO}`)).text;

    expect(m.environments.map((e) => `${e.name}:${e.depth}`)).toEqual(["dev:0", "staging:1", "production:2", "production-eu:2", "production-us:2"]);
    expect(m.edges.map((e) => `${e.from}→${e.to}:${e.state.state}`)).toEqual(["dev→staging:up-to-date", "staging→production:up-to-date", "staging→production-eu:up-to-date", "staging→production-us:up-to-date"]);
    expect(environment(m, "production-eu").clusters.map((x) => x.name)).toEqual(["eu-1", "eu-2"]);
    expect(environment(m, "staging").next).toEqual(["production", "production-eu", "production-us"]);
    expect(page.indexOf('data-env="dev"')).toBeLessThan(page.indexOf('data-from="dev" data-to="staging"'));
    expect(page.indexOf('data-to="staging"')).toBeLessThan(page.indexOf('data-env="production-eu"'));
  });

  it("follows a change through a promotion on every edge", async () => {
    const change = await h.github.commit({ repo: REPO, branch: "dev", files: Object.fromEntries(ENVS.map((e) => [`${e}/app.yaml`, manifest(e, "2")])), message: "Ship version 2", as: "dana" });
    await h.settle();
    const afterPush = await model();

    expect(environment(afterPush, "dev").running?.sha).toBe(change);
    expect(environment(afterPush, "dev").clusters[0]).toMatchObject({ applied: change, atHead: true, health: { state: "Healthy" }, drift: { state: "in-sync" } });
    expect(edge(afterPush, "staging")).toMatchObject({ waiting: 1, state: { state: "waiting" }, commits: [{ sha: change, title: "Ship version 2" }] });
    expect(edge(afterPush, "production").waiting).toBe(0);

    const toStaging = await promote("staging");
    const open = await model();
    expect(edge(open, "staging").pull).toMatchObject({ number: toStaging, kind: "promotion", approvals: { have: 0, need: 1 } });
    await merge(toStaging);
    const staged = await model();
    expect(edge(staged, "staging").state.state).toBe("up-to-date");
    expect(environment(staged, "staging").running?.sha).toBe(change);
    for (const to of ["production", "production-eu", "production-us"]) expect(edge(staged, to)).toMatchObject({ waiting: 1, state: { state: "waiting" } });

    for (const env of ["production", "production-eu", "production-us"]) await merge(await promote(env));
    const done = await model();
    const page = (await c.request(`/dashboard/${REPO}`)).text;

    expect(done.edges.map((e) => e.state.state)).toEqual(["up-to-date", "up-to-date", "up-to-date", "up-to-date"]);
    for (const name of ENVS) {
      const e = environment(done, name);
      expect([name, e.running?.sha, e.lastApply.state, e.drift.state]).toEqual([name, change, "success", "in-sync"]);
      for (const cl of e.clusters) expect([cl.name, cl.applied, cl.health.state]).toEqual([cl.name, change, "Healthy"]);
    }
    expect(environment(done, "production-us").clusters.map((x) => x.name)).toEqual(["us-1", "us-2"]);
    expect(page.match(/production has everything staging has|production-eu has everything staging has|production-us has everything staging has/g)).toHaveLength(3);
  });

  it("shows who holds a cluster's apply Lease while an apply runs", async () => {
    const client = new KubeClusterClient(await loadEndpoint("eu-2", { kubeconfig: join(dir, "eu-2.kubeconfig") }), { identity: "ferry-replica-7" });
    const lock = await client.acquire({ environment: "production-eu", sha: "a".repeat(40), waitSeconds: 0 });
    try {
      const held = environment(await model(), "production-eu").clusters;

      expect(lock.status).toBe("acquired");
      expect(held.map((x) => [x.name, x.lease])).toEqual([["eu-1", undefined], ["eu-2", `apply running, Lease held by ferry-replica-7@${"a".repeat(12)}`]]);
    } finally {
      if (lock.status === "acquired") await lock.release();
      client.close();
    }
    expect(environment(await model(), "production-eu").clusters.map((x) => x.lease)).toEqual([undefined, undefined]);
  });

  it.skipIf(!HAS_CHROMIUM)("renders the tree in Chromium (screenshot for people to check)", async () => {
    const browser = await launchChromium({ width: 1440, height: 900 });
    try {
      await browser.context.addCookies([{ name: "ferry_session", value: c.cookies.get("ferry_session") ?? "", url: c.origin }]);
      const page = await browser.context.newPage();
      await page.goto(`${h.ferry.dashboardUrl}/${REPO}`);
      await page.screenshot({ path: join(ARTIFACTS, "dashboard-tree.png"), fullPage: true });

      expect(await page.getByRole("heading", { level: 3, name: "production-eu branch production-eu" }).isVisible()).toBe(true);
      expect(await page.locator('article.edge[data-to="production-us"]').isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
