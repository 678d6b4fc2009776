/**
 * `npm run demo -- --engine flux`: production is deployed by Flux, not by Ferry. Installs
 * the Flux CRDs on the demo cluster with a GitRepository following `production` and a
 * Kustomization applying `production/`, starts the Flux stand-in (it really applies, as
 * kustomize-controller), and switches production to `apply.engine: flux` on main. The
 * rest of the demo is unchanged: `/merge` then makes Ferry ask Flux instead of applying.
 */
import type { FerryHarness } from "../../test/support/ferry-harness.ts";
import { applyAsEngine } from "../../test/support/kube-server/apply-as-engine.ts";
import { FluxStandIn } from "../../test/support/kube-server/flux-stand-in.ts";
import { installFlux } from "../../test/support/kube-server/install-engines.ts";
import { setProductionApply } from "../../test/support/promote-and-merge.ts";

/** Sets the demo up for Flux; returns the stand-in (stop it at the end) and a line describing the Kustomization. */
export async function startFluxDemo(h: FerryHarness): Promise<{ flux: FluxStandIn; describe: () => string }> {
  const cluster = h.cluster!;
  await installFlux(cluster.server, { branch: "production", path: "production", kustomization: "apps-production" });
  const flux = FluxStandIn.start({
    server: cluster.server,
    revisionOf: (branch) => h.github.branchSha(branch),
    apply: ({ sha, kustomization }) => applyAsEngine({ kubeconfig: cluster.kubeconfig, repoDir: h.example.dir, sha, path: String((kustomization.spec as { path?: string }).path ?? "").replace(/^\.\//, ""), manager: "kustomize-controller" }),
  });
  await setProductionApply(h, { apply: "{ engine: flux, flux: { kustomization: flux-system/apps-production } }", message: "Production is deployed by Flux" });
  const describe = () => {
    const ks = cluster.server.getObject({ apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", namespace: "flux-system", name: "apps-production" });
    const status = (ks?.status ?? {}) as { lastAppliedRevision?: string; conditions?: { type: string; status: string; message: string }[] };
    const ready = status.conditions?.find((c) => c.type === "Ready");
    return `Kustomization flux-system/apps-production: lastAppliedRevision ${status.lastAppliedRevision ?? "(none)"}, Ready=${ready?.status ?? "?"} (${ready?.message ?? ""})`;
  };
  return { flux, describe };
}
