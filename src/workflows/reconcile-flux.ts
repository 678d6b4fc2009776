/**
 * Deploys a pushed SHA through Flux the way `flux reconcile kustomization --with-source`
 * does: ask the GitRepository to fetch now (the `reconcile.fluxcd.io/requestedAt`
 * annotation) and wait until its artifact names the SHA, then ask the Kustomization and
 * wait until it applied that revision and is Ready for exactly this request.
 */
import { buildFluxReconcilePatch, evaluateFluxKustomization, evaluateFluxSource, gitRepositoryKey, kustomizationKey, type ObjectRef } from "../core/engine/index.ts";
import { isJsonObject } from "../core/manifest/kube-object.ts";
import type { EngineStepResult, EngineStepParams } from "./engine-step.ts";
import { waitForEngine, type EngineWait } from "./wait-for-engine.ts";

/** Returns how reconciling `sha` through the Kustomization `kustomization` ended. */
export async function reconcileFlux(params: EngineStepParams & { kustomization: ObjectRef; source?: ObjectRef }): Promise<EngineStepResult> {
  const { cluster, sha, clock } = params;
  const ksKey = kustomizationKey(params.kustomization);
  // 1. Both objects exist and neither is suspended (a suspended object ignores requests).
  const ks = (await cluster.readObjects([ksKey])).get(ksKey);
  if (!ks) return { ok: false, code: "engine-failed", message: `the Flux Kustomization ${params.kustomization.namespace}/${params.kustomization.name} does not exist in cluster ${cluster.name}; check apply.flux.kustomization and that Flux is installed` };
  const sourceRef = isJsonObject(ks.spec) && isJsonObject(ks.spec.sourceRef) ? ks.spec.sourceRef : {};
  if (!params.source && sourceRef.kind !== undefined && sourceRef.kind !== "GitRepository") return { ok: false, code: "engine-failed", message: `the Kustomization's source is a ${String(sourceRef.kind)}; Ferry follows GitRepository sources only (name one in apply.flux.source)` };
  const source = params.source ?? { namespace: String(sourceRef.namespace ?? params.kustomization.namespace), name: String(sourceRef.name ?? "") };
  const sourceKey = gitRepositoryKey(source);
  const repo = (await cluster.readObjects([sourceKey])).get(sourceKey);
  if (!repo) return { ok: false, code: "engine-failed", message: `the Flux GitRepository ${source.namespace}/${source.name} does not exist in cluster ${cluster.name}; check apply.flux.source` };
  for (const [what, obj] of [["Kustomization", ks], ["GitRepository", repo]] as const) {
    if (isJsonObject(obj.spec) && obj.spec.suspend === true) return { ok: false, code: "engine-failed", message: `the Flux ${what} ${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""} is suspended; resume it (flux resume) so it reconciles` };
  }
  if (params.dryRunOnly) return { ok: true, message: `Flux Kustomization ${params.kustomization.namespace}/${params.kustomization.name} and GitRepository ${source.namespace}/${source.name} found; nothing requested (dry run)` };

  // 2. The source fetches the branch head first, so the Kustomization applies that artifact.
  const request = { sha, requestedAt: clock.now().toISOString() };
  const wait = (key: string, evaluate: typeof evaluateFluxSource) => waitForEngine({ reader: cluster, key, evaluate: (o) => evaluate(o, request), deadline: params.deadline, clock, sleep: params.sleep });
  await cluster.mergePatch(sourceKey, buildFluxReconcilePatch(request.requestedAt));
  const fetched = await wait(sourceKey, evaluateFluxSource);
  if (fetched.state !== "done") return failure(fetched, params.timeoutSeconds, "source-controller");

  // 3. Then the Kustomization applies it and reports Ready for this request.
  await cluster.mergePatch(ksKey, buildFluxReconcilePatch(request.requestedAt));
  const applied = await wait(ksKey, evaluateFluxKustomization);
  if (applied.state !== "done") return failure(applied, params.timeoutSeconds, "kustomize-controller");
  return { ok: true, message: applied.reason };
}

function failure(wait: EngineWait, timeoutSeconds: number, controller: string): EngineStepResult {
  if (!wait.timedOut) return { ok: false, code: "engine-failed", message: wait.reason };
  const hint = wait.reason.includes("not yet handled") ? `; is ${controller} running?` : "";
  return { ok: false, code: "engine-timeout", message: `Flux did not finish within ${timeoutSeconds}s: ${wait.reason}${hint}` };
}
