import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/manifest/kube-object.ts";
import { buildMemoryFileTree } from "../../src/core/tree/memory-file-tree.ts";
import { applyEnvironment } from "../../src/workflows/apply-environment.ts";
import { FakeCluster, fakeTime } from "../support/fakes/fake-cluster.ts";

const SHA = "c0ffee".padEnd(40, "0");
const KS = "kustomize.toolkit.fluxcd.io/Kustomization/flux-system/apps";
const REPO = "source.toolkit.fluxcd.io/GitRepository/flux-system/config";
const APP = "argoproj.io/Application/argocd/shop";
const obj = (apiVersion: string, kind: string, namespace: string, name: string, spec: object = {}): KubeObject => ({ apiVersion, kind, metadata: { name, namespace, generation: 1 }, spec } as KubeObject);
const ready = (extra: object) => ({ conditions: [{ type: "Ready", status: "True", reason: "Succeeded", message: "Applied revision", observedGeneration: 1 }], ...extra });
const requestOf = (o: KubeObject) => o.metadata.annotations?.["reconcile.fluxcd.io/requestedAt"] ?? null;

// A controller answering at once, through the fake's patch hook.
const fluxAnswers = (c: FakeCluster, answer: "success" | "fail" | "never") => {
  c.onPatch = (key, o) => {
    if (answer === "never") return undefined;
    if (key === REPO) return { ...o, status: ready({ artifact: { revision: `production@sha1:${SHA}` }, lastHandledReconcileAt: requestOf(o) }) };
    if (answer === "fail") return { ...o, status: { lastAttemptedRevision: `production@sha1:${SHA}`, lastHandledReconcileAt: requestOf(o), conditions: [{ type: "Ready", status: "False", reason: "HealthCheckFailed", message: "Deployment/shop/web not ready", observedGeneration: 1 }] } };
    return { ...o, status: ready({ lastAppliedRevision: `production@sha1:${SHA}`, lastAttemptedRevision: `production@sha1:${SHA}`, lastHandledReconcileAt: requestOf(o) }) };
  };
};

function setUp(engine: "flux" | "argocd", configure: (c: FakeCluster) => void, branchHead?: () => Promise<string | undefined>) {
  const cluster = new FakeCluster("prod-eu");
  cluster.objects.set(KS, obj("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "apps", { sourceRef: { kind: "GitRepository", name: "config" } }));
  cluster.objects.set(REPO, obj("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "config"));
  cluster.objects.set(APP, obj("argoproj.io/v1alpha1", "Application", "argocd", "shop", { source: { targetRevision: "production" } }));
  configure(cluster);
  const time = fakeTime();
  const apply = engine === "flux" ? { engine, flux: { kustomization: "flux-system/apps", clusters: {} } } : { engine, argocd: { application: "argocd/shop", clusters: {} } };
  const environment = { name: "production", branch: "production", path: "missing-dir", clusters: ["prod-eu"], apply: { prune: true, healthTimeout: 30, ...apply } };
  return { cluster, time, run: () => applyEnvironment({ tree: buildMemoryFileTree({}), environment, sha: SHA, connect: async () => cluster, clock: time.clock, sleep: time.sleep, ...(branchHead && { branchHead }) }) };
}

describe("applyEnvironment through an engine", () => {
  it("asks Flux for the source, then the Kustomization, under the Lease, rendering and applying nothing itself", async () => {
    const { cluster, run } = setUp("flux", (c) => fluxAnswers(c, "success"));

    const outcome = await run();

    expect(outcome.status).toBe("applied");
    expect(outcome.clusters[0]?.message).toBe(`Kustomization flux-system/apps applied production@sha1:${SHA}: Applied revision`);
    expect(cluster.calls.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual([`acquire production@c0ffee0`, `patch ${REPO}`, `patch ${KS}`]);
    expect(cluster.released).toBe(1);
  });

  it.each([
    { name: "a Kustomization that fails at the SHA fails with Flux's reason", answer: "fail" as const, code: "engine-failed", message: "Kustomization flux-system/apps failed at c0ffee0: HealthCheckFailed: Deployment/shop/web not ready" },
    { name: "a controller that never answers times out and asks whether it runs", answer: "never" as const, code: "engine-timeout", message: "Flux did not finish within 30s: GitRepository flux-system/config has not yet handled the reconcile request of 2025-01-01T00:00:00.000Z; is source-controller running?" },
  ])("$name", async ({ answer, code, message }) => {
    const { run } = setUp("flux", (c) => fluxAnswers(c, answer));

    const outcome = await run();

    expect(outcome.status).toBe("failed");
    expect(outcome.clusters[0]).toMatchObject({ code, message });
  });

  it("fails clearly when the Kustomization does not exist", async () => {
    const { run } = setUp("flux", (c) => c.objects.delete(KS));

    const outcome = await run();

    expect(outcome.clusters[0]).toMatchObject({ status: "failed", code: "engine-failed", message: "the Flux Kustomization flux-system/apps does not exist in cluster prod-eu; check apply.flux.kustomization and that Flux is installed" });
  });

  it("starts an Argo CD sync of the SHA initiated by ferry and waits for Synced and Healthy", async () => {
    const { cluster, run } = setUp("argocd", (c) => {
      c.onPatch = (_key, o) => {
        const { operation: _op, ...rest } = o;
        return { ...rest, status: { operationState: { phase: "Succeeded", message: "successfully synced", syncResult: { revision: SHA } }, sync: { status: "Synced", revision: SHA }, health: { status: "Healthy" } } } as KubeObject;
      };
    });

    const outcome = await run();

    expect(outcome.status).toBe("applied");
    expect(cluster.calls[1]).toBe(`patch ${APP} ${JSON.stringify({ operation: { initiatedBy: { username: "ferry" }, info: [{ name: "Reason", value: `Ferry promotion of ${SHA}` }], sync: { revision: SHA, prune: true, syncStrategy: { hook: {} } } } })}`);
  });

  it("fails an Argo CD sync whose application turns Degraded", async () => {
    const { run } = setUp("argocd", (c) => {
      c.onPatch = (_key, o) => ({ ...o, operation: null, status: { operationState: { phase: "Succeeded", syncResult: { revision: SHA } }, sync: { status: "Synced", revision: SHA }, health: { status: "Degraded", message: "Deployment web exceeded its progress deadline" } } } as unknown as KubeObject);
    });

    const outcome = await run();

    expect(outcome.clusters[0]).toMatchObject({ status: "failed", code: "engine-failed", message: "Application argocd/shop synced c0ffee0 but its health is Degraded: Deployment web exceeded its progress deadline" });
  });
});

describe("engine messages reaching GitHub", () => {
  it("evil-url-credentials: a token Flux echoes from its GitRepository URL never reaches the outcome", async () => {
    const { run } = setUp("flux", (c) => {
      c.onPatch = (key, o) => (key === REPO ? { ...o, status: { lastHandledReconcileAt: requestOf(o), conditions: [{ type: "Ready", status: "False", reason: "GitOperationFailed", message: "unable to clone 'https://bot:ghp_s3cr3t@github.com/acme/config'", observedGeneration: 1 }] } } : undefined);
    });

    const outcome = await run();

    expect(outcome.clusters[0]?.message).toBe("GitRepository flux-system/config failed to fetch c0ffee0: GitOperationFailed: unable to clone 'https://***@github.com/acme/config'");
    expect(JSON.stringify(outcome)).not.toContain("ghp_s3cr3t");
  });
});

describe("a SHA the branch no longer points at", () => {
  const NEWER = "beef".padEnd(40, "1");

  it("is superseded before Flux is asked, since Flux deploys only the branch head", async () => {
    const { cluster, run } = setUp("flux", (c) => fluxAnswers(c, "success"), async () => NEWER);

    const outcome = await run();

    expect(outcome.clusters[0]).toMatchObject({ status: "superseded", code: undefined, message: "production is at beef111, not c0ffee0: the engine deploys the branch head, so c0ffee0 was superseded (a newer push, or a break-glass commit that takes effect when its rollback PR is merged)" });
    expect(cluster.calls.filter((c) => c.startsWith("patch"))).toEqual([]);
  });

  it("is superseded, not marked bad, when the branch moved on while the engine worked", async () => {
    let head = SHA;
    const { run } = setUp("argocd", (c) => {
      c.onPatch = (_key, o) => {
        head = NEWER;
        return { ...o, status: { operationState: { phase: "Failed", message: "sync cancelled", syncResult: { revision: SHA } } } } as unknown as KubeObject;
      };
    }, async () => head);

    const outcome = await run();

    expect(outcome.status).toBe("superseded");
  });
});
