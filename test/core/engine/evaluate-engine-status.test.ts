import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { argoSyncRevisions, buildArgoSyncPatch, computeArgoDrift, decideArgoTrigger, decideEngineTarget, redactEngineMessage, type EngineSettings, evaluateArgoApplication, evaluateFluxKustomization, evaluateFluxSource, revisionNamesSha } from "../../../src/core/engine/index.ts";

const SHA = "4f1c2a9e0b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e";
const OLD = "0123456789abcdef0123456789abcdef01234567";
const AT = "2026-12-02T15:00:00.000Z";
const cond = (type: string, status: string, reason = "", message = "", observedGeneration = 1) => ({ type, status, reason, message, observedGeneration });
const flux = (kind: string, status: object, generation = 1): KubeObject => ({ apiVersion: "x/v1", kind, metadata: { name: "apps", namespace: "flux-system", generation }, status } as KubeObject);

describe("revisionNamesSha", () => {
  it.each([
    { name: "Flux v2 branch revision names its SHA", revision: `main@sha1:${SHA}`, expected: true },
    { name: "Flux v2 commit revision names its SHA", revision: `sha1:${SHA}`, expected: true },
    { name: "Flux v0 branch/sha revision names its SHA", revision: `main/${SHA}`, expected: true },
    { name: "Argo CD bare SHA names it", revision: SHA, expected: true },
    { name: "another commit does not", revision: `main@sha1:${OLD}`, expected: false },
    { name: "a SHA prefix does not", revision: `main@sha1:${SHA.slice(0, 7)}`, expected: false },
    { name: "no revision does not", revision: undefined, expected: false },
  ])("$name", ({ revision, expected }) => {
    expect(revisionNamesSha(revision, SHA)).toBe(expected);
  });
});

describe("evaluateFluxSource", () => {
  it.each([
    { name: "artifact at the SHA and Ready is done", status: { artifact: { revision: `main@sha1:${SHA}` }, lastHandledReconcileAt: AT, conditions: [cond("Ready", "True", "Succeeded", "stored artifact")] }, state: "done" },
    { name: "artifact at the SHA fetched by polling, before the request was handled, is done", status: { artifact: { revision: `main@sha1:${SHA}` }, conditions: [cond("Ready", "True")] }, state: "done" },
    { name: "request not handled yet is waiting", status: { artifact: { revision: `main@sha1:${OLD}` }, conditions: [cond("Ready", "True")] }, state: "waiting" },
    { name: "request handled but still another revision is waiting (the revision never arrives)", status: { artifact: { revision: `main@sha1:${OLD}` }, lastHandledReconcileAt: AT, conditions: [cond("Ready", "True")] }, state: "waiting" },
    { name: "request handled with Ready=False is failed", status: { lastHandledReconcileAt: AT, conditions: [cond("Ready", "False", "GitOperationFailed", "authentication required")] }, state: "failed" },
    { name: "stalled is failed", status: { conditions: [cond("Stalled", "True", "InvalidURL", "bad url")] }, state: "failed" },
    { name: "a newer generation not yet observed is waiting", status: { artifact: { revision: `main@sha1:${SHA}` }, conditions: [cond("Ready", "True", "", "", 1)] }, generation: 2, state: "waiting" },
  ])("$name", ({ status, state, generation }) => {
    expect(evaluateFluxSource(flux("GitRepository", status, generation), { sha: SHA, requestedAt: AT }).state).toBe(state);
  });

  it("says why it failed with the controller's own reason", () => {
    const result = evaluateFluxSource(flux("GitRepository", { lastHandledReconcileAt: AT, conditions: [cond("Ready", "False", "GitOperationFailed", "authentication required")] }), { sha: SHA, requestedAt: AT });

    expect(result).toEqual({ state: "failed", reason: "GitRepository flux-system/apps failed to fetch 4f1c2a9: GitOperationFailed: authentication required" });
  });
});

describe("evaluateFluxKustomization", () => {
  it.each([
    { name: "applied at the SHA, Ready and the request handled is done", status: { lastAppliedRevision: `main@sha1:${SHA}`, lastAttemptedRevision: `main@sha1:${SHA}`, lastHandledReconcileAt: AT, conditions: [cond("Ready", "True", "ReconciliationSucceeded", "Applied revision")] }, state: "done" },
    { name: "applied at the SHA but an older request handled is waiting", status: { lastAppliedRevision: `main@sha1:${SHA}`, lastHandledReconcileAt: "2026-12-01T00:00:00Z", conditions: [cond("Ready", "True")] }, state: "waiting" },
    { name: "request handled, still the old revision is waiting", status: { lastAppliedRevision: `main@sha1:${OLD}`, lastAttemptedRevision: `main@sha1:${OLD}`, lastHandledReconcileAt: AT, conditions: [cond("Ready", "True")] }, state: "waiting" },
    { name: "Ready=False after attempting the SHA is failed", status: { lastAppliedRevision: `main@sha1:${OLD}`, lastAttemptedRevision: `main@sha1:${SHA}`, lastHandledReconcileAt: AT, conditions: [cond("Ready", "False", "HealthCheckFailed", "Deployment/shop/web not ready")] }, state: "failed" },
    { name: "Ready=False while still reconciling the SHA is waiting", status: { lastAttemptedRevision: `main@sha1:${SHA}`, lastHandledReconcileAt: AT, conditions: [cond("Ready", "False", "Progressing"), cond("Reconciling", "True", "Progressing")] }, state: "waiting" },
    { name: "Ready=False from an older revision is waiting", status: { lastAttemptedRevision: `main@sha1:${OLD}`, conditions: [cond("Ready", "False", "BuildFailed")] }, state: "waiting" },
    { name: "stalled is failed", status: { conditions: [cond("Stalled", "True", "InvalidPath", "path not found")] }, state: "failed" },
    { name: "ready for an older generation is waiting", status: { lastAppliedRevision: `main@sha1:${SHA}`, lastHandledReconcileAt: AT, conditions: [cond("Ready", "True", "", "", 3)] }, generation: 4, state: "waiting" },
  ])("$name", ({ status, state, generation }) => {
    expect(evaluateFluxKustomization(flux("Kustomization", status, generation), { sha: SHA, requestedAt: AT }).state).toBe(state);
  });
});

const app = (rest: object): KubeObject => ({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "shop-production", namespace: "argocd" }, ...rest } as KubeObject);
const done = (extra: object = {}) => ({ operationState: { phase: "Succeeded", message: "successfully synced (all tasks run)", syncResult: { revision: SHA } }, sync: { status: "Synced", revision: SHA }, health: { status: "Healthy" }, ...extra });

describe("evaluateArgoApplication", () => {
  it.each([
    { name: "succeeded at the SHA, Synced and Healthy is done", o: app({ status: done() }), state: "done" },
    { name: "an operation still requested is waiting", o: app({ operation: { sync: { revision: SHA } }, status: {} }), state: "waiting" },
    { name: "the previous operation's state is waiting", o: app({ status: done({ operationState: { phase: "Succeeded", syncResult: { revision: OLD } } }) }), state: "waiting" },
    { name: "running at the SHA is waiting", o: app({ status: { operationState: { phase: "Running", operation: { sync: { revision: SHA } } } } }), state: "waiting" },
    { name: "failed at the SHA is failed", o: app({ status: { operationState: { phase: "Failed", message: "one or more objects failed to apply", syncResult: { revision: SHA } } } }), state: "failed" },
    { name: "error at the SHA is failed", o: app({ status: { operationState: { phase: "Error", message: "rpc error", operation: { sync: { revision: SHA } } } } }), state: "failed" },
    { name: "synced but Degraded is failed", o: app({ status: done({ health: { status: "Degraded", message: "Deployment web exceeded its progress deadline" } }) }), state: "failed" },
    { name: "synced but Progressing is waiting", o: app({ status: done({ health: { status: "Progressing" } }) }), state: "waiting" },
    { name: "succeeded but still OutOfSync is waiting", o: app({ status: done({ sync: { status: "OutOfSync", revision: SHA } }) }), state: "waiting" },
    { name: "a multi-source sync that names the SHA among its revisions is done", o: app({ status: done({ operationState: { phase: "Succeeded", syncResult: { revisions: [SHA, "v1.2.0"] } }, sync: { status: "Synced", revisions: [SHA, "v1.2.0"] } }) }), state: "done" },
    { name: "a multi-source sync at other revisions is waiting", o: app({ status: done({ operationState: { phase: "Succeeded", syncResult: { revisions: [OLD, "v1.2.0"] } }, sync: { status: "Synced", revisions: [OLD, "v1.2.0"] } }) }), state: "waiting" },
  ])("$name", ({ o, state }) => {
    expect(evaluateArgoApplication(o, SHA).state).toBe(state);
  });

  it("fails with the operation's message", () => {
    const result = evaluateArgoApplication(app({ status: { operationState: { phase: "Failed", message: "one or more objects failed to apply", syncResult: { revision: SHA } } } }), SHA);

    expect(result.reason).toBe("Application argocd/shop-production sync of 4f1c2a9 ended Failed: one or more objects failed to apply");
  });
});

describe("decideArgoTrigger", () => {
  it.each([
    { name: "automated sync tracking the branch is refreshed", spec: { source: { targetRevision: "production" }, syncPolicy: { automated: {} } }, expected: "refresh" },
    { name: "automated sync tracking refs/heads/branch is refreshed", spec: { sources: [{ targetRevision: "refs/heads/production" }], syncPolicy: { automated: { prune: true } } }, expected: "refresh" },
    { name: "manual sync is synced at the SHA", spec: { source: { targetRevision: "production" } }, expected: "sync" },
    { name: "automated sync tracking another revision is synced", spec: { source: { targetRevision: "HEAD" }, syncPolicy: { automated: {} } }, expected: "sync" },
  ])("$name", ({ spec, expected }) => {
    expect(decideArgoTrigger(app({ spec }), "production")).toBe(expected);
  });
});

describe("decideEngineTarget", () => {
  it.each([
    { name: "no engine settings is Ferry's own apply", settings: undefined, expected: { engine: "ferry" } },
    { name: "flux names the environment-wide Kustomization", settings: { engine: "flux" as const, flux: { kustomization: "flux-system/apps", clusters: {} } }, expected: { engine: "flux", kustomization: { namespace: "flux-system", name: "apps" } } },
    { name: "a cluster's own entry wins", settings: { engine: "flux" as const, flux: { kustomization: "flux-system/apps", source: "flux-system/config", clusters: { eu: { kustomization: "flux-system/apps-eu" } } } }, expected: { engine: "flux", kustomization: { namespace: "flux-system", name: "apps-eu" }, source: { namespace: "flux-system", name: "config" } } },
    { name: "argocd names the Application", settings: { engine: "argocd" as const, argocd: { application: "argocd/shop", clusters: {} } }, expected: { engine: "argocd", application: { namespace: "argocd", name: "shop" } } },
    { name: "a missing name says which", settings: { engine: "argocd" as const, argocd: { clusters: {} } }, expected: { engine: "invalid", message: 'no Argo CD Application is named for cluster eu; set apply.argocd.application ("namespace/name")' } },
  ] as { name: string; settings: EngineSettings | undefined; expected: unknown }[])("$name", ({ settings, expected }) => {
    expect(decideEngineTarget(settings, "eu")).toEqual(expected);
  });
});

describe("computeArgoDrift", () => {
  it("reports OutOfSync resources as modified, missing or orphaned, sorted by key", () => {
    const application = app({ spec: { destination: { namespace: "shop" } }, status: { resources: [
      { group: "apps", kind: "Deployment", namespace: "shop", name: "web", status: "OutOfSync", health: { status: "Healthy" } },
      { group: "", kind: "ConfigMap", namespace: "shop", name: "old", status: "OutOfSync", requiresPruning: true },
      { group: "", kind: "Service", name: "web", namespaced: true, status: "OutOfSync", health: { status: "Missing" } },
      { group: "", kind: "ConfigMap", namespace: "shop", name: "fine", status: "Synced" },
    ] } });

    expect(computeArgoDrift(application)).toEqual([
      { type: "orphaned", key: "/ConfigMap/shop/old" },
      { type: "missing", key: "/Service/shop/web" },
      { type: "modified", key: "apps/Deployment/shop/web", fields: [{ path: "(Argo CD)", live: "OutOfSync", desired: "Synced" }] },
    ]);
  });
});

describe("redactEngineMessage", () => {
  it.each([
    { name: "evil-url-credentials: a token in a GitRepository URL is removed", message: "failed to checkout and determine revision: unable to clone 'https://bot:ghp_abc123@github.com/acme/config': authentication required", expected: "failed to checkout and determine revision: unable to clone 'https://***@github.com/acme/config': authentication required" },
    { name: "evil-secret-value: the value a refused Secret echoes is removed", message: 'Secret/shop/db dry-run failed: Secret "db" is invalid: data[password]: Invalid value: "hunter2-p4ss": a valid config key must consist of alphanumeric characters', expected: 'Secret/shop/db dry-run failed: Secret "db" is invalid: data[password]: Invalid value: "***": a valid config key must consist of alphanumeric characters' },
    { name: "a value about another kind stays, since it helps and is not secret", message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0', expected: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0' },
    { name: "an ordinary message is unchanged", message: "Applied revision: main@sha1:4f1c", expected: "Applied revision: main@sha1:4f1c" },
  ])("$name", ({ message, expected }) => {
    expect(redactEngineMessage(message)).toBe(expected);
  });
});

describe("the Argo CD sync of a multi-source Application", () => {
  it("names the SHA for the sources tracking the branch and keeps the others' revisions", () => {
    const multi = app({ spec: { sources: [{ repoURL: "https://github.com/acme/config", targetRevision: "production" }, { repoURL: "https://charts.example", chart: "redis", targetRevision: "19.0.1" }] } });

    const revisions = argoSyncRevisions(multi, "production", SHA);

    expect(revisions).toEqual([SHA, "19.0.1"]);
    expect(buildArgoSyncPatch({ revision: SHA, prune: false, revisions })).toEqual({ operation: { initiatedBy: { username: "ferry" }, info: [{ name: "Reason", value: `Ferry promotion of ${SHA}` }], sync: { revisions: [SHA, "19.0.1"], prune: false, syncStrategy: { hook: {} } } } });
    expect(argoSyncRevisions(app({ spec: { source: { targetRevision: "production" } } }), "production", SHA)).toBeUndefined();
  });
});
