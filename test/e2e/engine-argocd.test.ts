import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FerryHarness } from "../support/ferry-harness.ts";
import { ArgoStandIn } from "../support/kube-server/argocd-stand-in.ts";
import { installArgo } from "../support/kube-server/install-engines.ts";
import { ferryReplies as replies, productionDeployments, promoteAndMerge, setProductionApply, startPromotionHarness } from "../support/promote-and-merge.ts";

/**
 * Issue #15 with Argo CD through the real entry points: `/merge` → a sync operation of
 * the pushed SHA initiated by ferry → the stand-in application controller syncs → a
 * successful Deployment; `/drift production` reports the Application's OutOfSync objects.
 */
describe("deploying through Argo CD end to end", () => {
  let h: FerryHarness;
  let argo: ArgoStandIn;
  const repo = "acme/config";
  beforeAll(async () => {
    h = await startPromotionHarness();
    const server = h.cluster!.server;
    await installArgo(server, { application: "shop-production", branch: "production", path: "production", destinationNamespace: "shop-production" });
    argo = ArgoStandIn.start({ server, revisionOf: (branch) => h.github.branchSha(branch, repo) });
    await setProductionApply(h, { repo, apply: "{ engine: argocd, argocd: { application: argocd/shop-production } }", message: "Production is deployed by Argo CD" });
  });
  afterAll(async () => {
    argo.stop();
    expect(h.github.violations).toEqual([]);
    await h.stop();
  });
  const ferryReplies = (issue: number) => replies(h, repo, issue);

  it("/merge → an Argo CD sync of the pushed SHA → a successful Deployment", async () => {
    const issue = h.github.createIssueAs({ repo, title: "Release 1.5.0", as: "dana" });

    const pull = await promoteAndMerge(h, { repo, issue });

    const sha = h.example.release;
    expect(productionDeployments(h, repo)).toEqual([[sha, "success"]]);
    expect(ferryReplies(pull).join("\n")).toContain(`Application argocd/shop-production synced ${sha.slice(0, 7)}`);
    const app = h.cluster!.server.getObject({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", namespace: "argocd", name: "shop-production" });
    expect(app?.status).toMatchObject({ operationState: { phase: "Succeeded", operation: { initiatedBy: { username: "ferry" }, sync: { revision: sha } } }, sync: { status: "Synced", revision: sha } });
  });

  it("/drift reports what Argo CD finds OutOfSync", async () => {
    await argo.setResources({ namespace: "argocd", name: "shop-production", resources: [{ group: "apps", version: "v1", kind: "Deployment", namespace: "shop-production", name: "web", status: "OutOfSync", health: { status: "Healthy" } }] });
    const issue = h.github.createIssueAs({ repo, title: "Drift?", as: "dana" });

    h.github.comment({ repo, issue, body: "/drift production", as: "dana" });
    await h.settle();

    expect(ferryReplies(issue).at(-1)).toMatch(/\*\*1 modified\*\*[\s\S]*`apps\/Deployment\/shop-production\/web` \| `\(Argo CD\)`: `"OutOfSync"` live, `"Synced"` in git/);
  });
});
