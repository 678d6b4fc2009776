/**
 * The engine CRDs and stand-ins, driven with the real kubectl the way people drive
 * Flux and Argo CD without their CLIs: the CRDs install with `kubectl apply`, the
 * kinds answer to their short names, and a reconcile request made with
 * `kubectl annotate` (what `flux reconcile` sends) ends in Ready, which `kubectl wait`
 * sees; `kubectl patch --type merge` of an operation starts an Argo CD sync.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArgoStandIn } from "../support/kube-server/argocd-stand-in.ts";
import { FluxStandIn } from "../support/kube-server/flux-stand-in.ts";
import { installArgo, installFlux } from "../support/kube-server/install-engines.ts";
import { startKubectlHarness, type KubectlHarness } from "./kubectl-harness.ts";

const SHA = "a1b2c3d4".padEnd(40, "e");
let h: KubectlHarness;
let flux: FluxStandIn;
let argo: ArgoStandIn;

beforeAll(async () => {
  h = await startKubectlHarness();
  await installFlux(h.server, { branch: "main", path: "production", kustomization: "apps" });
  await installArgo(h.server, { application: "shop", branch: "main", path: "production" });
  flux = FluxStandIn.start({ server: h.server, revisionOf: () => SHA });
  argo = ArgoStandIn.start({ server: h.server, revisionOf: () => SHA });
});
afterAll(async () => {
  flux.stop();
  argo.stop();
  await h.close();
});

describe("the engine stand-ins under kubectl", () => {
  it("a reconcile request made with kubectl annotate ends Ready at the branch head, as kubectl wait sees", { timeout: 60_000 }, async () => {
    const annotate = await h.kubectl("annotate", "--overwrite", "-n", "flux-system", "ks/apps", "reconcile.fluxcd.io/requestedAt=2026-12-02T16:40:00Z");
    const wait = await h.kubectl("wait", "-n", "flux-system", "--for=condition=Ready", "--timeout=30s", "kustomization/apps");
    const got = await h.kubectl("get", "-n", "flux-system", "ks", "apps", "-o", "jsonpath={.status.lastAppliedRevision} {.status.lastHandledReconcileAt}");

    expect([annotate.code, wait.code]).toEqual([0, 0]);
    expect(got.stdout).toBe(`main@sha1:${SHA} 2026-12-02T16:40:00Z`);
  });

  it("an operation patched in with kubectl starts a sync the controller runs and clears", { timeout: 60_000 }, async () => {
    const patch = await h.kubectl("patch", "-n", "argocd", "app", "shop", "--type", "merge", "-p", JSON.stringify({ operation: { initiatedBy: { username: "ferry" }, sync: { revision: SHA } } }));
    const wait = await h.kubectl("wait", "-n", "argocd", "--for=jsonpath={.status.operationState.phase}=Succeeded", "--timeout=30s", "application/shop");
    const got = await h.kubectl("get", "-n", "argocd", "applications.argoproj.io", "shop", "-o", "jsonpath={.status.sync.status} {.status.sync.revision} {.status.health.status}");

    expect([patch.code, wait.code]).toEqual([0, 0]);
    expect(got.stdout).toBe(`Synced ${SHA} Healthy`);
  });
});
