/**
 * Drift of engine environments against the Kubernetes test server: an Argo CD
 * environment's drift is the Application's own OutOfSync resources; a Flux environment
 * keeps Ferry's dry-run drift, predicted as kustomize-controller, so a field Flux applied
 * and git no longer sets shows as drift (predicted as `ferry`, it would not).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClusters } from "../../../src/adapters/cluster/index.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";
import { readDrift } from "../../../src/workflows/read-drift.ts";
import { ArgoStandIn } from "../../support/kube-server/argocd-stand-in.ts";
import { installArgo } from "../../support/kube-server/install-engines.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";
import { sendApply } from "../../support/kube-server/stand-in-client.ts";

const SHA = "d".repeat(40);
const configMap = (data: Record<string, string>) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: default}\ndata: ${JSON.stringify(data)}\n`;
const FILES = { "production/kustomization.yaml": "resources: [web.yaml]\n", "production/web.yaml": configMap({ color: "blue" }) };
let server: KubeTestServer;
let argo: ArgoStandIn;

beforeAll(async () => {
  server = await KubeTestServer.start();
  await installArgo(server, { application: "shop", branch: "production", path: "production" });
  argo = ArgoStandIn.start({ server, revisionOf: () => SHA, behaviour: "stopped" });
});
afterAll(async () => {
  argo.stop();
  await server.stop();
});

const drift = (apply: Record<string, unknown>) =>
  readDrift({ tree: buildMemoryFileTree(FILES), environment: { name: "production", path: "production", clusters: ["production"], apply }, ref: "production", sha: SHA, ignore: [], connect: loadClusters({ FERRY_CLUSTERS: JSON.stringify({ production: { kubeconfigContent: server.kubeconfigYaml() } }) }), clock: { now: () => new Date(Date.UTC(2026, 11, 2)) } });

describe("drift of engine environments", () => {
  it("reads an Argo CD environment's drift from the Application's OutOfSync resources", async () => {
    await argo.setResources({ namespace: "argocd", name: "shop", resources: [
      { group: "apps", version: "v1", kind: "Deployment", namespace: "shop", name: "web", status: "OutOfSync", health: { status: "Healthy" } },
      { group: "", version: "v1", kind: "Service", namespace: "shop", name: "web", status: "Synced", health: { status: "Healthy" } },
    ] });

    const result = await drift({ engine: "argocd", argocd: { application: "argocd/shop", clusters: {} } });

    expect(result.clusters).toEqual([{ cluster: "production", readAt: "2026-12-02T00:00:00.000Z", items: [{ type: "modified", key: "apps/Deployment/shop/web", fields: [{ path: "(Argo CD)", live: "OutOfSync", desired: "Synced" }] }] }]);
  });

  it("predicts a Flux environment as kustomize-controller, so a field git dropped is drift", async () => {
    // Flux applied the ConfigMap with a field git no longer has.
    await sendApply(server, { path: "/api/v1/namespaces/default/configmaps/web", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web", namespace: "default" }, data: { color: "blue", size: "xl" } }, manager: "kustomize-controller" });

    const [asFlux, asFerry] = [await drift({ engine: "flux", flux: { kustomization: "flux-system/apps", clusters: {} } }), await drift({})];

    expect(asFlux.clusters[0]?.items).toEqual([{ type: "modified", key: "/ConfigMap/default/web", fields: [{ path: "/data/size", live: "xl", desired: undefined }] }]);
    expect(asFerry.clusters[0]?.items).toEqual([]);
  });
});
