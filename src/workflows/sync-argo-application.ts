/**
 * Deploys a pushed SHA through an Argo CD Application: an `operation` that syncs that
 * revision (as the Argo CD API starts one), or a refresh when the Application tracks the
 * branch with automated sync; then waits until the operation Succeeded at the SHA and
 * the Application is Synced and Healthy.
 */
import { applicationKey, argoSyncRevisions, buildArgoRefreshPatch, buildArgoSyncPatch, decideArgoTrigger, evaluateArgoApplication, isArgoOperationRunning, type ObjectRef } from "../core/engine/index.ts";
import type { EngineStepParams, EngineStepResult } from "./engine-step.ts";
import { waitForEngine } from "./wait-for-engine.ts";

/** Returns how syncing `sha` through the Application `application` ended. */
export async function syncArgoApplication(params: EngineStepParams & { application: ObjectRef }): Promise<EngineStepResult> {
  const { cluster, sha, clock } = params;
  const key = applicationKey(params.application);
  const name = `${params.application.namespace}/${params.application.name}`;
  // 1. The Application exists.
  const app = (await cluster.readObjects([key])).get(key);
  if (!app) return { ok: false, code: "engine-failed", message: `the Argo CD Application ${name} does not exist in cluster ${cluster.name}; check apply.argocd.application and that Argo CD is installed` };
  const trigger = decideArgoTrigger(app, params.branch);
  if (params.dryRunOnly) return { ok: true, message: `Argo CD Application ${name} found; it would be ${trigger === "sync" ? "synced" : "refreshed"} (dry run)` };

  // 2. Argo CD refuses a second operation while one runs: let it finish first.
  if (isArgoOperationRunning(app)) {
    const idle = await waitForEngine({ reader: cluster, key, evaluate: (o) => (isArgoOperationRunning(o) ? { state: "waiting", reason: `another operation on Application ${name} is still running` } : { state: "done", reason: "idle" }), deadline: params.deadline, clock, sleep: params.sleep });
    if (idle.state !== "done") return { ok: false, code: "engine-timeout", message: `Argo CD did not finish within ${params.timeoutSeconds}s: ${idle.reason}` };
  }

  // 3. Ask for the SHA, then wait for Argo CD's verdict.
  await cluster.mergePatch(key, trigger === "sync" ? buildArgoSyncPatch({ revision: sha, prune: params.prune, revisions: argoSyncRevisions(app, params.branch, sha) }) : buildArgoRefreshPatch());
  const done = await waitForEngine({ reader: cluster, key, evaluate: (o) => evaluateArgoApplication(o, sha), deadline: params.deadline, clock, sleep: params.sleep });
  if (done.state === "done") return { ok: true, message: done.reason };
  if (!done.timedOut) return { ok: false, code: "engine-failed", message: done.reason };
  const hint = done.reason.includes("not yet") ? "; is argocd-application-controller running?" : "";
  return { ok: false, code: "engine-timeout", message: `Argo CD did not finish within ${params.timeoutSeconds}s: ${done.reason}${hint}` };
}
