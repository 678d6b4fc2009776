import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FerryHarness } from "../support/ferry-harness.ts";
import { FluxStandIn } from "../support/kube-server/flux-stand-in.ts";
import { installFlux } from "../support/kube-server/install-engines.ts";
import { ferryReplies as replies, productionDeployments, promoteAndMerge, setProductionApply, startPromotionHarness } from "../support/promote-and-merge.ts";

/**
 * Issue #15 through the real entry points: production is deployed by Flux (a stand-in
 * controller on the Kubernetes test server). `/merge` fast-forwards production, Ferry
 * asks Flux to reconcile the pushed SHA and records the Deployment from Flux's verdict;
 * a reconcile that fails marks the SHA bad and `/rollback` refuses it. Ferry itself
 * writes nothing to production's objects: only Flux's.
 */
describe("deploying through Flux end to end", () => {
  let h: FerryHarness;
  let flux: FluxStandIn;
  const repo = "acme/config";
  beforeAll(async () => {
    h = await startPromotionHarness();
    const server = h.cluster!.server;
    await installFlux(server, { branch: "production", path: "production", kustomization: "apps-production" });
    flux = FluxStandIn.start({ server, revisionOf: (branch) => h.github.branchSha(branch, repo) });
    await setProductionApply(h, { repo, apply: "{ engine: flux, flux: { kustomization: flux-system/apps-production } }", message: "Production is deployed by Flux" });
  });
  afterAll(async () => {
    flux.stop();
    expect(h.github.violations).toEqual([]);
    await h.stop();
  });
  const ferryReplies = (issue: number) => replies(h, repo, issue);
  const deploymentStates = () => productionDeployments(h, repo);
  const ferryWritesTo = (prefix: string) => h.cluster!.server.requestLog.filter((r) => r.method !== "GET" && r.path.startsWith(prefix) && r.query.includes("fieldManager=ferry")).length;

  it("/merge → Flux reconciles the pushed SHA → a successful Deployment, and Ferry applies nothing itself", async () => {
    h.cluster!.server.resetRequestLog();
    const issue = h.github.createIssueAs({ repo, title: "Release 1.5.0", as: "dana" });

    const pull = await promoteAndMerge(h, { repo, issue });

    const sha = h.example.release;
    expect(deploymentStates()).toEqual([[sha, "success"]]);
    expect(h.github.statuses(repo).filter((s) => s.sha === sha && s.context === "ferry/apply").at(-1)?.state).toBe("success");
    expect(ferryReplies(pull).join("\n")).toContain(`Kustomization flux-system/apps-production applied production@sha1:${sha}`);
    const ks = h.cluster!.server.getObject({ apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", namespace: "flux-system", name: "apps-production" });
    expect(ks?.status).toMatchObject({ lastAppliedRevision: `production@sha1:${sha}` });
    expect(ferryWritesTo("/apis/apps/v1/namespaces/shop-production")).toBe(0);
    expect(ferryWritesTo("/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps-production")).toBe(1);
  });

  it("a failing reconcile gives a failing ferry/apply mark and a failed Deployment, and /rollback refuses that SHA", { timeout: 120_000 }, async () => {
    flux.behaviour = "apply-fails";
    const files = { "production/kustomization.yaml": (await h.github.readFile("staging", "production/kustomization.yaml", repo))!.replaceAll("newTag: 1.5.0", "newTag: 1.6.0") , "staging/kustomization.yaml": (await h.github.readFile("staging", "staging/kustomization.yaml", repo))!.replaceAll("newTag: 1.5.0", "newTag: 1.6.0") };
    const bad = await h.github.commit({ repo, branch: "staging", files, message: "Release shop 1.6.0", as: "dana" });
    const issue = h.github.createIssueAs({ repo, title: "Release 1.6.0", as: "dana" });

    const pull = await promoteAndMerge(h, { repo, issue });

    expect(deploymentStates().at(-1)).toEqual([bad, "failure"]);
    expect(h.github.statuses(repo).filter((s) => s.sha === bad && s.context === "ferry/apply").at(-1)?.state).toBe("failure");
    expect(ferryReplies(pull).join("\n")).toMatch(/Kustomization flux-system\/apps-production failed at [0-9a-f]{7}: ReconciliationFailed/);

    h.github.comment({ repo, issue, body: `/rollback production ${bad.slice(0, 7)}`, as: "dana" });
    await h.settle();

    expect(ferryReplies(issue).at(-1)).toMatch(/marked bad/);
  });
});
