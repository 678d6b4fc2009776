import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/manifest/index.ts";
import { resourceKey } from "../../src/core/manifest/resource-key.ts";
import { buildMemoryFileTree } from "../../src/core/tree/memory-file-tree.ts";
import { ClusterError } from "../../src/errors.ts";
import { readDrift } from "../../src/workflows/read-drift.ts";
import { FakeCluster, fakeTime } from "../support/fakes/fake-cluster.ts";

const FILES = {
  "prod/kustomization.yaml": "namespace: shop\nlabels:\n  - pairs: { environment: production }\nresources: [app.yaml]\n",
  "prod/app.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  replicas: 3\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\ndata: { LOG_LEVEL: info }\n",
};
const env = { name: "production", path: "prod", clusters: ["prod"] };
const web: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop", labels: { environment: "production" } }, spec: { replicas: 3 } };
const cfg: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "shop", labels: { environment: "production" } }, data: { LOG_LEVEL: "info" } };

const scale = (c: FakeCluster, replicas: number) => void ((c.objects.get("apps/Deployment/shop/web")?.spec as { replicas: number }).replicas = replicas);
const edit = (c: FakeCluster, level: string) => void ((c.objects.get("/ConfigMap/shop/cfg")?.data as Record<string, string>).LOG_LEVEL = level);

function setup(change: (cluster: FakeCluster) => void = () => undefined) {
  const cluster = new FakeCluster("prod");
  for (const o of [web, cfg]) cluster.objects.set(resourceKey(o), structuredClone({ ...o, metadata: { ...o.metadata, uid: "u", resourceVersion: "7" }, status: { observedGeneration: 1 } }));
  change(cluster);
  const time = fakeTime(Date.UTC(2026, 10, 21, 10));
  const run = (overrides: Partial<Parameters<typeof readDrift>[0]> = {}) =>
    readDrift({ tree: buildMemoryFileTree(FILES), environment: env, ref: "production", sha: "a".repeat(40), ignore: [], connect: async () => cluster, clock: time.clock, ...overrides });
  return { cluster, run };
}

describe("readDrift", () => {
  it("reports nothing and sends no dry-run when every live object holds what git sets", async () => {
    const { cluster, run } = setup();

    const drift = await run();

    expect(drift.clusters).toEqual([{ cluster: "prod", readAt: "2026-11-21T10:00:00.000Z", items: [] }]);
    expect(cluster.calls).toEqual([]);
  });

  it.each([
    {
      name: "reports a changed field from the dry-run prediction",
      change: (c: FakeCluster) => void (scale(c, 7)),
      expected: [{ type: "modified", key: "apps/Deployment/shop/web", fields: [{ path: "/spec/replicas", live: 7, desired: 3 }] }],
    },
    { name: "reports a deleted object as missing", change: (c: FakeCluster) => void c.objects.delete("/ConfigMap/shop/cfg"), expected: [{ type: "missing", key: "/ConfigMap/shop/cfg" }] },
    {
      name: "reports an inventoried object git no longer has as orphaned",
      change: (c: FakeCluster) => {
        c.objects.set("/ConfigMap/shop/old", { ...cfg, metadata: { name: "old", namespace: "shop" } });
        c.inventories.set("production", { keys: ["/ConfigMap/shop/old", "/ConfigMap/shop/cfg"], sha: undefined });
      },
      expected: [{ type: "orphaned", key: "/ConfigMap/shop/old" }],
    },
    {
      name: "reports a hand-made object with the environment's labels as extra",
      change: (c: FakeCluster) => void c.objects.set("/ConfigMap/shop/extra", { ...cfg, metadata: { ...cfg.metadata, name: "extra" } }),
      expected: [{ type: "extra", key: "/ConfigMap/shop/extra" }],
    },
    {
      name: "reports an object whose dry-run the server refuses as unknown",
      change: (c: FakeCluster) => {
        edit(c, "debug");
        c.predictRejects.set("/ConfigMap/shop/cfg", "Forbidden: configmaps is forbidden");
      },
      expected: [{ type: "unknown", key: "/ConfigMap/shop/cfg", message: "Forbidden: configmaps is forbidden" }],
    },
  ])("$name", async ({ change, expected }) => {
    const { run } = setup(change);

    const drift = await run();

    expect(drift.clusters[0]?.items).toEqual(expected);
  });

  it("dry-runs only the objects that differ, in one batch", async () => {
    const { cluster, run } = setup((c) => void (scale(c, 7)));

    await run();

    expect(cluster.calls).toEqual(["predict 1"]);
  });

  it("leaves out fields an ignore rule names (an autoscaler owns replicas)", async () => {
    const { cluster, run } = setup((c) => void (scale(c, 7)));

    const drift = await run({ ignore: [{ group: "apps", kind: "Deployment", name: "web", pointers: ["/spec/replicas"] }] });

    expect(drift.clusters[0]?.items).toEqual([]);
    expect(cluster.calls).toEqual([]);
  });

  it("returns an unreachable cluster as an error value and still reads the others", async () => {
    const { cluster, run } = setup();
    const down = new FakeCluster("prod-eu");
    down.unreachable = true;

    const drift = await run({ environment: { ...env, clusters: ["prod-eu", "prod", "prod-us"] }, connect: async (name) => (name === "prod-eu" ? down : name === "prod" ? cluster : Promise.reject(new ClusterError({ code: "cluster-unreachable", operation: "connect", message: "Ferry has no credentials for cluster prod-us" }))) });

    expect(drift.clusters.map((c) => [c.cluster, c.error?.code, c.items.length])).toEqual([
      ["prod-eu", "cluster-unreachable", 0],
      ["prod", undefined, 0],
      ["prod-us", "cluster-unreachable", 0],
    ]);
    expect(drift.clusters[2]?.error?.message).toBe("Ferry has no credentials for cluster prod-us");
  });

  it("returns a render failure as an error for every cluster", async () => {
    const { run } = setup();

    const drift = await run({ tree: buildMemoryFileTree({ "prod/kustomization.yaml": "resources: [missing.yaml]\n" }) });

    expect(drift.clusters[0]?.error?.code).toBe("render-failed");
    expect(drift.clusters[0]?.error?.message).toMatch(/^rendering prod at aaaaaaa failed: /);
  });
});
