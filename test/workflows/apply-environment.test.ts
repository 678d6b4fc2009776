import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/manifest/kube-object.ts";
import { buildMemoryFileTree } from "../../src/core/tree/memory-file-tree.ts";
import { applyEnvironment } from "../../src/workflows/apply-environment.ts";
import { FakeCluster, fakeTime } from "../support/fakes/fake-cluster.ts";

const SHA = "c0ffee".padEnd(40, "0");
const FILES = {
  "prod/kustomization.yaml": "namespace: shop\nresources: [ns.yaml, web.yaml, config.yaml]\n",
  "prod/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n",
  "prod/web.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n",
  "prod/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n",
};
const ENV = { name: "production", path: "prod", clusters: ["prod-eu"], apply: { prune: true, healthTimeout: 30 } };
const READY = (o: KubeObject) => (o.kind === "Deployment" ? { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 } : undefined);

function setUp(configure: (cluster: FakeCluster) => void = () => undefined, files: Record<string, string> = FILES) {
  const cluster = new FakeCluster("prod-eu");
  cluster.status = READY;
  configure(cluster);
  const time = fakeTime();
  const run = (extra: { dryRunOnly?: boolean; sha?: string } = {}) =>
    applyEnvironment({ tree: buildMemoryFileTree(files), environment: ENV, sha: SHA, connect: async () => cluster, clock: time.clock, sleep: time.sleep, ...extra });
  return { cluster, time, run };
}

describe("applyEnvironment", () => {
  it("locks, dry-runs the whole plan, records intent, applies, waits for health and records the inventory", async () => {
    const { cluster, run } = setUp();

    const outcome = await run();

    expect(outcome.status).toBe("applied");
    expect(cluster.calls.map((c) => c.split(" ")[0])).toEqual(["acquire", "dry-run", "inventory", "apply", "inventory"]);
    expect(cluster.inventories.get("production")?.keys).toEqual(["/Namespace//shop", "/ConfigMap/shop/web", "apps/Deployment/shop/web"]);
    expect(cluster.released).toBe(1);
  });

  it.each([
    { name: "an object the server rejects stops everything before any change", configure: (c: FakeCluster) => c.rejects.set("apps/Deployment/shop/web", 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1'), code: "dry-run-failed" },
    { name: "an unreachable cluster fails clearly", configure: (c: FakeCluster) => void (c.unreachable = true), code: "cluster-unreachable" },
    { name: "a held lock that never frees fails as busy", configure: (c: FakeCluster) => void (c.lock = "busy"), code: "lock-busy" },
  ])("$name", async ({ configure, code }) => {
    const { cluster, run } = setUp(configure);

    const outcome = await run();

    expect(outcome.status).toBe("failed");
    expect(outcome.clusters[0]?.code).toBe(code);
    expect(cluster.objects.size).toBe(0);
    expect(cluster.calls).not.toContain("apply");
  });

  it("names the object and the server's reason when the dry-run fails", async () => {
    const { run } = setUp((c) => c.rejects.set("apps/Deployment/shop/web", "spec.replicas: Invalid value: -1"));

    const outcome = await run();

    expect(outcome.clusters[0]?.results.filter((r) => r.action === "failed")).toEqual([{ key: "apps/Deployment/shop/web", stage: "namespaced", action: "failed", message: "spec.replicas: Invalid value: -1", httpStatus: 422 }]);
  });

  it.each([
    { name: "records nothing when the same commit is applied again", sha: SHA, expected: ["acquire", "dry-run", "apply"] },
    { name: "records only the new SHA when a commit renders the same objects", sha: "beef".padEnd(40, "0"), expected: ["acquire", "dry-run", "apply", "inventory"] },
  ])("$name", async ({ sha, expected }) => {
    const { cluster, run } = setUp();
    await run();
    cluster.calls.length = 0;

    const outcome = await run({ sha });

    expect(outcome.status).toBe("applied");
    expect(cluster.calls.map((c) => c.split(" ")[0])).toEqual(expected);
    expect(cluster.inventories.get("production")).toEqual({ keys: ["/Namespace//shop", "/ConfigMap/shop/web", "apps/Deployment/shop/web"], sha });
  });

  it("prunes what git no longer has after the apply and drops it from the inventory", async () => {
    const { cluster, run } = setUp((c) => {
      c.objects.set("/ConfigMap/shop/old", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "old", namespace: "shop" } });
      c.inventories.set("production", { keys: ["/ConfigMap/shop/old", "apps/Deployment/shop/web"], sha: "a".repeat(40) });
    });

    const outcome = await run();

    expect(outcome.status).toBe("applied");
    expect(cluster.objects.has("/ConfigMap/shop/old")).toBe(false);
    expect(cluster.inventories.get("production")?.keys).not.toContain("/ConfigMap/shop/old");
  });

  it("keeps a failed delete in the inventory so the next run retries it", async () => {
    const { cluster, run } = setUp((c) => {
      c.objects.set("/ConfigMap/shop/old", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "old", namespace: "shop" } });
      c.inventories.set("production", { keys: ["/ConfigMap/shop/old"], sha: undefined });
      c.deleteFailures.add("/ConfigMap/shop/old");
    });

    const outcome = await run();

    expect(outcome.clusters[0]?.code).toBe("prune-failed");
    expect(cluster.inventories.get("production")?.keys).toContain("/ConfigMap/shop/old");
  });

  it("fails with health-timeout when a workload never becomes available", async () => {
    const { time, run } = setUp((c) => void (c.status = () => ({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 0 })));

    const outcome = await run();

    expect(outcome.clusters[0]?.code).toBe("health-timeout");
    expect(outcome.clusters[0]?.health).toEqual([{ key: "apps/Deployment/shop/web", status: "Progressing", message: "0 of 2 updated replicas available" }]);
    expect(time.elapsed()).toBeGreaterThanOrEqual(30_000);
  });

  it("stops without applying when a newer SHA superseded this one", async () => {
    const { cluster, run } = setUp((c) => void (c.lock = "superseded"));

    const outcome = await run();

    expect(outcome.status).toBe("superseded");
    expect(cluster.calls).toEqual([`acquire production@${SHA.slice(0, 7)}`]);
  });

  it("changes nothing with dryRunOnly", async () => {
    const { cluster, run } = setUp();

    const outcome = await run({ dryRunOnly: true });

    expect(outcome.status).toBe("dry-run");
    expect(cluster.calls.map((c) => c.split(" ")[0])).toEqual(["acquire", "dry-run"]);
  });

  it("refuses an empty render", async () => {
    const { cluster, run } = setUp((c) => c.inventories.set("production", { keys: ["/Namespace//shop"], sha: undefined }), { "prod/kustomization.yaml": "resources: []\n" });

    const outcome = await run();

    expect(outcome.clusters[0]).toMatchObject({ status: "failed", code: "apply-failed" });
    expect(cluster.calls).not.toContain("dry-run");
  });

  it("reports a render failure for every cluster without touching them", async () => {
    const { cluster, run } = setUp(undefined, { "prod/kustomization.yaml": "resources: [missing.yaml]\n" });

    const outcome = await run();

    expect(outcome.clusters[0]?.code).toBe("render-failed");
    expect(cluster.calls).toEqual([]);
  });
});
