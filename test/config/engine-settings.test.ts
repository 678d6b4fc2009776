import { describe, expect, it } from "vitest";
import { parseSettings } from "../../src/config/index.ts";
import { settingsIssuesOf } from "../support/settings-issues.ts";

const env = (apply: string, clusters = "[production]"): string => `environments:\n  - name: production\n    clusters: ${clusters}\n    apply: ${apply}\n`;

const issuesOf = settingsIssuesOf;

describe("apply.engine settings", () => {
  it("defaults to Ferry's own apply", () => {
    expect(parseSettings(env("{}")).environments[0]?.apply.engine).toBe("ferry");
  });

  it("reads Flux and Argo CD object names, per cluster too", () => {
    const settings = parseSettings(env("{ engine: flux, flux: { kustomization: flux-system/apps-production, source: flux-system/config, clusters: { eu: { kustomization: flux-system/apps-eu } } } }", "[production, eu]"));

    expect(settings.environments[0]?.apply).toEqual({
      engine: "flux",
      healthTimeout: 300,
      prune: true,
      flux: { kustomization: "flux-system/apps-production", source: "flux-system/config", clusters: { eu: { kustomization: "flux-system/apps-eu" } } },
    });
  });

  it.each([
    { name: "an unknown engine names the allowed ones", apply: "{ engine: spinnaker }", issue: 'environments[0].apply.engine: "spinnaker" is not allowed; use one of: ferry, flux, argocd' },
    { name: "flux without its block says what to add", apply: "{ engine: flux }", issue: "environments[0].apply.flux: is required with engine: flux; add flux: { kustomization: flux-system/apps-production }" },
    { name: "flux without a Kustomization for a cluster names the cluster", apply: "{ engine: flux, flux: { source: flux-system/config } }", issue: 'environments[0].apply.flux.kustomization: is required for cluster "production" with engine: flux; set apply.flux.kustomization or apply.flux.clusters.production.kustomization ("namespace/name")' },
    { name: "a name without its namespace is refused", apply: "{ engine: argocd, argocd: { application: shop-production } }", issue: 'environments[0].apply.argocd.application: must name the Application as "namespace/name", e.g. "flux-system/apps"' },
    { name: "a block the chosen engine ignores is refused", apply: "{ engine: argocd, argocd: { application: argocd/shop }, flux: { kustomization: flux-system/apps } }", issue: 'environments[0].apply.flux: is set but apply.engine is "argocd"; set engine: flux or remove apply.flux' },
    { name: "a per-cluster entry for a cluster the environment lacks is refused", apply: "{ engine: argocd, argocd: { application: argocd/shop, clusters: { mars: { application: argocd/shop-mars } } } }", issue: 'environments[0].apply.argocd.clusters.mars: names a cluster environment "production" does not have; use one of: production' },
    { name: "a misspelt key names the known ones", apply: "{ engine: flux, flux: { kustomisation: flux-system/apps } }", issue: 'environments[0].apply.flux.kustomisation: unknown key "kustomisation"; remove it or use one of: kustomization, source, clusters' },
  ])("$name", ({ apply, issue }) => {
    expect(issuesOf(env(apply))).toContain(issue);
  });
});
