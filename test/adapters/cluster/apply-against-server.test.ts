import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";
import { applier, configMap, deployment, envFiles, sha } from "./cluster-test-kit.ts";

let server: KubeTestServer;
beforeAll(async () => {
  server = await KubeTestServer.start();
});
afterAll(async () => {
  await server.stop();
});

const inventoryOf = (env: string) => String(server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "ferry-system", name: `ferry-inventory-${env}` })?.data && (server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "ferry-system", name: `ferry-inventory-${env}` })?.data as Record<string, string>).keys).split("\n");

describe("apply against the Kubernetes test server", () => {
  it("applies a namespace, a config map and a deployment with field manager ferry, healthy, with an inventory", async () => {
    const apply = applier(server, { environment: "happy" });

    const outcome = await apply(envFiles("happy", [deployment("web"), configMap("web-config")]), sha("a1"));

    expect(outcome.status).toBe("applied");
    const web = server.getObject({ apiVersion: "apps/v1", kind: "Deployment", namespace: "happy", name: "web" }) as { metadata: { managedFields: { manager: string; operation: string }[] } };
    expect(web.metadata.managedFields.filter((m) => m.operation === "Apply").map((m) => m.manager)).toEqual(["ferry"]);
    expect(inventoryOf("happy")).toEqual(["/Namespace//happy", "/ConfigMap/happy/web-config", "apps/Deployment/happy/web"]);
  });

  it("re-applies an unchanged commit without writing, taking health from the reads it planned with", async () => {
    const apply = applier(server, { environment: "steady" });
    const files = envFiles("steady", [deployment("web"), configMap("web-config")]);
    await apply(files, sha("a2"));
    server.resetRequestLog();

    const outcome = await apply(files, sha("a2"));

    expect(outcome.status).toBe("applied");
    // Writes: the Lease only (a Namespace with just a name is dry-run again: it owns no fields to compare).
    expect(server.requestLog.filter((r) => r.method !== "GET" && !r.path.includes("/leases/") && !r.query.includes("dryRun=All"))).toEqual([]);
    expect(server.countRequests({ method: "GET", pathPrefix: "/apis/apps/v1/namespaces/steady/deployments" })).toBe(1);
    expect(outcome.clusters[0]?.results.map((r) => r.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
  });

  it("changes nothing when one object is invalid, and names it with the server's reason", async () => {
    const apply = applier(server, { environment: "invalid" });
    const broken = deployment("web").replace(', image: "nginx:1.27"', "");

    const outcome = await apply(envFiles("invalid", [configMap("fine"), broken]), sha("b1"));

    expect(outcome.clusters[0]?.code).toBe("dry-run-failed");
    const failed = outcome.clusters[0]?.results.filter((r) => r.action === "failed");
    expect(failed?.map((r) => [r.key, r.httpStatus])).toEqual([["apps/Deployment/invalid/web", 422]]);
    expect(failed?.[0]?.message).toMatch(/image/);
    // Nothing was applied, so nothing reads as a change.
    expect(outcome.clusters[0]?.results.filter((r) => ["created", "configured", "deleted"].includes(r.action))).toEqual([]);
    expect(outcome.clusters[0]?.results.find((r) => r.key === "/ConfigMap/invalid/fine")).toMatchObject({ action: "skipped", message: "not applied: the server dry-run failed for 1 object(s)" });
    expect(server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "invalid", name: "fine" })).toBeUndefined();
    expect(server.getObject({ apiVersion: "v1", kind: "Namespace", name: "invalid" })).toBeUndefined();
  });

  it("prunes what a later commit removed and keeps objects annotated ferry.dev/prune: disabled", async () => {
    const apply = applier(server, { environment: "prune" });
    const kept = configMap("kept").replace("metadata: {name: kept}", "metadata: {name: kept, annotations: {ferry.dev/prune: disabled}}");
    await apply(envFiles("prune", [configMap("stays"), configMap("goes"), kept]), sha("c1"));

    const outcome = await apply(envFiles("prune", [configMap("stays")]), sha("c2"));

    expect(outcome.status).toBe("applied");
    expect(server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "prune", name: "goes" })).toBeUndefined();
    expect(server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "prune", name: "kept" })).toBeDefined();
    expect(inventoryOf("prune")).toEqual(["/Namespace//prune", "/ConfigMap/prune/stays"]);
  });

  it("reports a conflict with another field manager (kubectl) with the field and manager, without forcing", async () => {
    const apply = applier(server, { environment: "conflict" });
    await apply(envFiles("conflict", [deployment("web")]), sha("d1"));
    const kubeconfig = join(mkdtempSync(join(tmpdir(), "ferry-kc-")), "config");
    writeFileSync(kubeconfig, server.kubeconfigYaml(), { mode: 0o600 });
    const manifest = join(kubeconfig, "..", "web.yaml");
    writeFileSync(manifest, deployment("web", "nginx:1.27", 5).replace("metadata: {name: web}", "metadata: {name: web, namespace: conflict}"));
    // Asynchronously: the server runs in this process and must keep answering.
    await promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "apply", "--server-side", "--force-conflicts", "-f", manifest]);

    const outcome = await apply(envFiles("conflict", [deployment("web", "nginx:1.27", 3)]), sha("d2"));

    expect(outcome.clusters[0]?.code).toBe("dry-run-failed");
    const result = outcome.clusters[0]?.results.find((r) => r.action === "failed");
    expect(result).toMatchObject({ key: "apps/Deployment/conflict/web", httpStatus: 409, conflicts: [{ field: ".spec.replicas", manager: "kubectl" }] });
    expect((server.getObject({ apiVersion: "apps/v1", kind: "Deployment", namespace: "conflict", name: "web" }) as { spec: { replicas: number } }).spec.replicas).toBe(5);
  });

  it("fails with health-timeout when a rollout does not finish in time", async () => {
    const apply = applier(server, { environment: "slow", healthTimeout: 1 });
    server.setRolloutDelay(600_000);

    const outcome = await apply(envFiles("slow", [deployment("web")]), sha("e1")).finally(() => server.setRolloutDelay(0));

    expect(outcome.clusters[0]?.code).toBe("health-timeout");
    expect(outcome.clusters[0]?.health.map((h) => h.key)).toEqual(["apps/Deployment/slow/web"]);
    expect(inventoryOf("slow")).toContain("apps/Deployment/slow/web");
  });

  it("fails as unhealthy without waiting out the timeout when a rollout fails", async () => {
    const apply = applier(server, { environment: "broken", healthTimeout: 600 });
    server.failImages("broken-image");

    const outcome = await apply(envFiles("broken", [deployment("web", "registry.example/broken-image:1")]), sha("f1"));

    expect(outcome.clusters[0]).toMatchObject({ status: "failed", code: "apply-failed" });
    expect(outcome.clusters[0]?.health[0]).toMatchObject({ key: "apps/Deployment/broken/web", status: "Degraded" });
  });

  it("applies a CRD and its custom resources in one plan, waiting for the CRD to be Established", async () => {
    const apply = applier(server, { environment: "crd" });
    server.setCrdEstablishDelay(300);
    const crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.acme.dev}\nspec:\n  group: acme.dev\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n";
    const widget = "apiVersion: acme.dev/v1\nkind: Widget\nmetadata: {name: blue}\nspec: {size: 3}\n";

    const outcome = await apply(envFiles("crd", [crd, widget]), sha("g1")).finally(() => server.setCrdEstablishDelay(0));

    expect(outcome.status).toBe("applied");
    expect(server.getObject({ apiVersion: "acme.dev/v1", kind: "Widget", namespace: "crd", name: "blue" })).toBeDefined();
  });

  it("fails clearly when the cluster is unreachable, without echoing credentials", async () => {
    const { loadClusters } = await import("../../../src/adapters/cluster/index.ts");
    const { applyEnvironment } = await import("../../../src/workflows/apply-environment.ts");
    const { buildMemoryFileTree } = await import("../../../src/core/tree/memory-file-tree.ts");
    const kubeconfig = server.kubeconfigYaml().replace(/https:\/\/127\.0\.0\.1:\d+/, "https://127.0.0.1:1");
    const connect = loadClusters({ FERRY_CLUSTERS: JSON.stringify({ test: { kubeconfigContent: kubeconfig } }) });

    const outcome = await applyEnvironment({ tree: buildMemoryFileTree(envFiles("gone", [configMap("a")])), environment: { name: "gone", path: "env", clusters: ["test"], apply: { prune: true, healthTimeout: 10 } }, sha: sha("h1"), connect, clock: { now: () => new Date() }, sleep: async () => undefined });

    expect(outcome.clusters[0]).toMatchObject({ status: "failed", code: "cluster-unreachable" });
    expect(outcome.clusters[0]?.message).toMatch(/cluster test is unreachable at https:\/\/127\.0\.0\.1:1/);
    expect(JSON.stringify(outcome)).not.toContain(server.token);
  });
});
