import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClusters } from "../../../src/adapters/cluster/index.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";
import { applyEnvironment } from "../../../src/workflows/apply-environment.ts";
import { ArgoStandIn, type ArgoBehaviour } from "../../support/kube-server/argocd-stand-in.ts";
import { FluxStandIn, type FluxBehaviour } from "../../support/kube-server/flux-stand-in.ts";
import { installArgo, installFlux } from "../../support/kube-server/install-engines.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";

const SHA = "5e1f".padEnd(40, "a");
// Each case pushes its own commit (the branch head the stand-ins resolve), so no case sees an earlier one's revision.
let pushed = 0;
let head = SHA;
const expand = (text: string): string => text.replaceAll("SHORT", head.slice(0, 7)).replaceAll("FULL", head);
const push = (): string => (head = `${(++pushed).toString(16).padStart(4, "0")}${SHA.slice(4)}`);
let server: KubeTestServer;
let flux: FluxStandIn;
let argo: ArgoStandIn;

beforeAll(async () => {
  server = await KubeTestServer.start();
  await installFlux(server, { branch: "production", path: "production", kustomization: "apps-production" });
  await installArgo(server, { application: "shop-manual", branch: "production", path: "production" });
  await installArgo(server, { application: "shop-auto", branch: "production", path: "production", automated: true });
  flux = FluxStandIn.start({ server, revisionOf: () => head, behaviour: "stopped" });
  argo = ArgoStandIn.start({ server, revisionOf: () => head, behaviour: "stopped" });
});
afterAll(async () => {
  flux.stop();
  argo.stop();
  await server.stop();
});

function run(apply: Record<string, unknown>, timeout = 20) {
  const connect = loadClusters({ FERRY_CLUSTERS: JSON.stringify({ production: { kubeconfigContent: server.kubeconfigYaml() } }) });
  return applyEnvironment({
    tree: buildMemoryFileTree({}),
    environment: { name: `production`, branch: "production", path: "production", clusters: ["production"], apply: { prune: true, healthTimeout: timeout, ...apply } },
    sha: push(),
    connect,
    clock: { now: () => new Date() },
    sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  });
}
const FLUX = { engine: "flux", flux: { kustomization: "flux-system/apps-production", clusters: {} } };
const argoApp = (name: string) => ({ engine: "argocd", argocd: { application: `argocd/${name}`, clusters: {} } });

describe("applying through Flux on the Kubernetes test server", () => {
  it.each([
    { name: "a reconcile that succeeds is applied", behaviour: "success", status: "applied", code: undefined, message: `Kustomization flux-system/apps-production applied production@sha1:FULL: Applied revision: production@sha1:FULL` },
    { name: "a source that cannot fetch fails with its reason", behaviour: "fetch-fails", status: "failed", code: "engine-failed", message: "GitRepository flux-system/config failed to fetch SHORT: GitOperationFailed: failed to checkout and determine revision: unable to clone 'https://github.com/acme/config': authentication required" },
    { name: "an apply Flux refuses fails with its reason", behaviour: "apply-fails", status: "failed", code: "engine-failed", message: `Kustomization flux-system/apps-production failed at SHORT: ReconciliationFailed: Deployment/shop/web dry-run failed: Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1` },
    { name: "failing health checks fail", behaviour: "degraded", status: "failed", code: "engine-failed", message: "Kustomization flux-system/apps-production failed at SHORT: HealthCheckFailed: health check failed after 30s: timeout waiting for: [Deployment/shop/web status: 'InProgress']" },
  ] as { name: string; behaviour: FluxBehaviour; status: string; code: string | undefined; message: string }[])("$name", async ({ behaviour, status, code, message }) => {
    flux.behaviour = behaviour;

    const outcome = await run(FLUX);

    expect(outcome.clusters[0]).toMatchObject({ status, code, message: expand(message) });
    const ks = server.getObject({ apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", namespace: "flux-system", name: "apps-production" });
    expect(ks?.metadata).toMatchObject({ annotations: { "reconcile.fluxcd.io/requestedAt": expect.any(String) } });
  });

  it.each([
    { name: "a revision that never arrives times out", behaviour: "never-arrives", message: /^Flux did not finish within 1s: GitRepository flux-system\/config reports revision production@sha1:(?!FULL)[0-9a-f]{40}, not SHORT$/ },
    { name: "controllers that do not run time out and say so", behaviour: "stopped", message: /^Flux did not finish within 1s: GitRepository flux-system\/config has not yet handled the reconcile request of .*; is source-controller running\?$/ },
  ] as { name: string; behaviour: FluxBehaviour; message: RegExp }[])("$name", async ({ behaviour, message }) => {
    flux.behaviour = behaviour;

    const outcome = await run(FLUX, 1);

    expect(outcome.clusters[0]?.code).toBe("engine-timeout");
    expect(outcome.clusters[0]?.message).toMatch(new RegExp(expand(message.source)));
  });
});

describe("applying through Argo CD on the Kubernetes test server", () => {
  it("starts a sync of the SHA initiated by ferry, and the controller clears the operation", async () => {
    argo.behaviour = "success";

    const outcome = await run(argoApp("shop-manual"));

    expect(outcome.clusters[0]).toMatchObject({ status: "applied", message: expand("Application argocd/shop-manual synced SHORT: successfully synced (all tasks run), Healthy") });
    const app = server.getObject({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", namespace: "argocd", name: "shop-manual" });
    expect(app?.operation).toBeUndefined();
    expect(app?.status).toMatchObject({ operationState: { operation: { initiatedBy: { username: "ferry" }, sync: { revision: head } } } });
  });

  it("refreshes an Application that tracks the branch with automated sync, which syncs by itself", async () => {
    argo.behaviour = "success";

    const outcome = await run(argoApp("shop-auto"));

    expect(outcome.clusters[0]?.status).toBe("applied");
    const app = server.getObject({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", namespace: "argocd", name: "shop-auto" });
    expect(app?.status).toMatchObject({ operationState: { operation: { initiatedBy: { automated: true } } } });
  });

  it.each([
    { name: "a failed sync fails with the operation's message", behaviour: "sync-fails", code: "engine-failed", message: /^Application argocd\/shop-manual sync of SHORT ended Failed: one or more objects failed to apply/ },
    { name: "a Degraded application fails", behaviour: "degraded", code: "engine-failed", message: /^Application argocd\/shop-manual synced SHORT but its health is Degraded: Deployment "web" exceeded its progress deadline$/ },
    { name: "a revision that never arrives times out", behaviour: "never-arrives", code: "engine-timeout", message: /^Argo CD did not finish within 1s: Application argocd\/shop-manual has not yet run an operation at SHORT/ },
    { name: "a controller that does not run times out and says so", behaviour: "stopped", code: "engine-timeout", message: /^Argo CD did not finish within 1s: Application argocd\/shop-manual has not yet started the requested operation; is argocd-application-controller running\?$/ },
  ] as { name: string; behaviour: ArgoBehaviour; code: string; message: RegExp }[])("$name", async ({ behaviour, code, message }) => {
    argo.behaviour = behaviour;
    // A sync left pending by an earlier case is abandoned first, as `argocd app terminate-op` would.
    await clearOperation("shop-manual");

    const outcome = await run(argoApp("shop-manual"), 1);

    expect(outcome.clusters[0]?.code).toBe(code);
    expect(outcome.clusters[0]?.message).toMatch(new RegExp(expand(message.source)));
  });
});

async function clearOperation(name: string): Promise<void> {
  const { sendMergePatch, customObjectPath } = await import("../../support/kube-server/stand-in-client.ts");
  await sendMergePatch(server, { path: customObjectPath({ apiVersion: "argoproj.io/v1alpha1", plural: "applications", namespace: "argocd", name }), patch: { operation: null, status: { operationState: null } }, manager: "argocd-server" });
}
