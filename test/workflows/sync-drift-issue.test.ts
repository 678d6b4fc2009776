import { describe, expect, it } from "vitest";
import { parseSettings } from "../../src/config/index.ts";
import { driftMarker } from "../../src/core/drift/index.ts";
import type { KubeObject } from "../../src/core/manifest/index.ts";
import type { EnvironmentOutcome } from "../../src/core/plan/index.ts";
import { publishDriftReport } from "../../src/workflows/publish-drift-report.ts";
import { syncDriftIssue } from "../../src/workflows/sync-drift-issue.ts";
import { FakeCluster, fakeTime } from "../support/fakes/fake-cluster.ts";
import { FakeRepoHost } from "../support/fakes/fake-repo-host.ts";

const FILES = { "production/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg, namespace: shop }\ndata: { LOG_LEVEL: info }\n" };
const cfg = (level: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "shop" }, data: { LOG_LEVEL: level } });

function setup(params: { live: string; settings?: string }) {
  const host = new FakeRepoHost();
  host.branches.set("production", host.addCommit({ parents: [], files: FILES }));
  const cluster = new FakeCluster("production");
  cluster.objects.set("/ConfigMap/shop/cfg", cfg(params.live));
  const settings = parseSettings(params.settings ?? "", ".github/ferry.yml");
  const environment = settings.environments.find((e) => e.name === "production");
  if (!environment) throw new Error("no production environment");
  const healed: string[] = [];
  const heal = async (sha: string): Promise<EnvironmentOutcome> => {
    healed.push(sha);
    cluster.objects.set("/ConfigMap/shop/cfg", cfg("info"));
    return { environment: "production", sha, status: "applied", clusters: [] };
  };
  const sync = () => syncDriftIssue({ host, settings, environment, connect: async () => cluster, clock: fakeTime(Date.UTC(2026, 10, 21, 10)).clock, heal });
  return { host, cluster, settings, sync, healed };
}

describe("syncDriftIssue", () => {
  it("opens one issue for a drifting environment and updates the same issue next time", async () => {
    const { host, sync } = setup({ live: "debug" });

    const first = await sync();
    const second = await sync();

    expect([first.status, second.status]).toEqual(["opened", "updated"]);
    expect([...host.issues.values()]).toEqual([{ title: "Live drift in production", body: expect.stringContaining('`/data/LOG_LEVEL`: `"debug"` live, `"info"` in git'), state: "open" }]);
  });

  it("closes the issue once the drift is gone", async () => {
    const { host, cluster, sync } = setup({ live: "debug" });
    await sync();
    cluster.objects.set("/ConfigMap/shop/cfg", cfg("info"));

    const outcome = await sync();

    expect(outcome).toMatchObject({ status: "closed" });
    expect([...host.issues.values()][0]).toMatchObject({ state: "closed", body: expect.stringContaining("The drift is gone; Ferry closed this issue.") });
  });

  it.each([
    { name: "self-heals when drift.selfHeal is on", settings: "drift: { selfHeal: true }\n", healed: 1, status: "in-sync" },
    { name: "self-heals when the environment's override turns it on", settings: "drift: { environments: { production: { selfHeal: true } } }\n", healed: 1, status: "in-sync" },
    { name: "does not self-heal when the environment's override turns it off", settings: "drift: { selfHeal: true, environments: { production: { selfHeal: false } } }\n", healed: 0, status: "opened" },
    { name: "does not self-heal by default", settings: "", healed: 0, status: "opened" },
  ])("$name", async ({ settings, healed, status }) => {
    const s = setup({ live: "debug", settings });

    const outcome = await s.sync();

    expect(s.healed).toHaveLength(healed);
    expect(outcome.status).toBe(status);
  });

  it("neither opens nor closes an issue while the cluster cannot be read", async () => {
    const { host, cluster, sync } = setup({ live: "info" });
    cluster.unreachable = true;

    const outcome = await sync();

    expect(outcome).toEqual({ status: "unknown" });
    expect(host.issues.size).toBe(0);
  });
});

describe("publishDriftReport", () => {
  const pull = { number: 7, state: "open" as const, merged: false, headRef: "ferry/promote/production", headSha: "f".repeat(40), baseRef: "production", author: "ferry[bot]" };

  it("posts the drift as its own comment, saying merging overwrites it", async () => {
    const { host, settings, cluster } = setup({ live: "debug" });

    await publishDriftReport({ host, settings, pull, connect: async () => cluster, clock: fakeTime(Date.UTC(2026, 10, 21, 10)).clock });

    expect(host.comments).toEqual([{ issueNumber: 7, body: expect.stringMatching(new RegExp(`^${driftMarker("production")}\n### Live drift of production`)) }]);
    expect(host.comments[0]?.body).toContain("Read at 2026-11-21T10:00:00.000Z");
    expect(host.comments[0]?.body).toContain("Merging this promotion overwrites the modified fields");
  });

  it("says the cluster could not be read, and that the git diff is unaffected", async () => {
    const { host, settings, cluster } = setup({ live: "info" });
    cluster.unreachable = true;

    await publishDriftReport({ host, settings, pull, connect: async () => cluster, clock: fakeTime().clock });

    expect(host.comments[0]?.body).toContain(":warning: The cluster could not be read: cluster production is unreachable");
    expect(host.comments[0]?.body).toContain("The git diff above is unaffected.");
  });

  it("does nothing for a PR that targets no environment branch", async () => {
    const { host, settings, cluster } = setup({ live: "info" });

    expect(await publishDriftReport({ host, settings, pull: { ...pull, baseRef: "main" }, connect: async () => cluster, clock: fakeTime().clock })).toBe(false);
    expect(host.comments).toEqual([]);
  });
});
