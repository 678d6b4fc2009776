import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClusters } from "../../../src/adapters/cluster/index.ts";
import { ClusterError } from "../../../src/errors.ts";
import type { ClusterConnection } from "../../../src/workflows/ports.ts";
import { installFlux } from "../../support/kube-server/install-engines.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";

let server: KubeTestServer;
let cluster: ClusterConnection;

beforeAll(async () => {
  server = await KubeTestServer.start();
  await installFlux(server, { branch: "production", path: "production", kustomization: "apps" });
  cluster = await loadClusters({ FERRY_CLUSTERS: JSON.stringify({ production: { kubeconfigContent: server.kubeconfigYaml() } }) })("production");
});
afterAll(() => server.stop());

const failure = (key: string) => cluster.mergePatch(key, { metadata: { annotations: { a: "b" } } }).then(() => undefined, (error: unknown) => error);

describe("KubeClusterClient.mergePatch", () => {
  it("merge-patches an engine object as field manager ferry and returns it as stored", async () => {
    const patched = await cluster.mergePatch("kustomize.toolkit.fluxcd.io/Kustomization/flux-system/apps", { metadata: { annotations: { "reconcile.fluxcd.io/requestedAt": "2026-12-02T16:00:00Z" } } });

    expect(patched.metadata.annotations).toEqual({ "reconcile.fluxcd.io/requestedAt": "2026-12-02T16:00:00Z" });
    expect((patched.metadata.managedFields as { manager: string; operation: string }[]).map((m) => [m.manager, m.operation])).toContainEqual(["ferry", "Update"]);
  });

  it.each([
    { name: "a missing object says to check the settings", key: "kustomize.toolkit.fluxcd.io/Kustomization/flux-system/nope", code: "engine-failed", message: /^patching kustomize\.toolkit\.fluxcd\.io\/Kustomization\/flux-system\/nope failed with HTTP 404 NotFound: .*; check the name in apply settings and that the engine's object exists$/ },
    { name: "a kind the cluster does not serve says to install the CRDs", key: "argoproj.io/Application/argocd/shop", code: "engine-failed", message: /^the cluster does not serve Application \(argoproj\.io\); install the engine's CRDs or fix apply\.engine$/ },
  ])("$name", async ({ key, code, message }) => {
    const error = await failure(key);

    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).code).toBe(code);
    expect((error as ClusterError).message).toMatch(message);
  });
});
