import type { KubeObject } from "../manifest/kube-object.ts";
import { describeCondition, findCondition, isStale, statusOf, type EngineProgress } from "./engine-progress.ts";
import { revisionNamesSha } from "./revision-names-sha.ts";

/** What Ferry asked a Flux object for: the commit it must reach and the request's `requestedAt` value. */
export interface FluxRequest {
  readonly sha: string;
  readonly requestedAt: string;
}

const waiting = (reason: string): EngineProgress => ({ state: "waiting", reason });
const failed = (reason: string): EngineProgress => ({ state: "failed", reason });

// Stalled=True is Flux's (and kstatus') "will not recover without a change" (fluxcd/pkg runtime/conditions).
function stalled(obj: KubeObject, what: string): EngineProgress | undefined {
  const c = findCondition(obj, "Stalled");
  return c?.status === "True" ? failed(`${what} is stalled: ${describeCondition(c)}`) : undefined;
}

/**
 * Returns how far a GitRepository (source.toolkit.fluxcd.io/v1) is with fetching `sha`:
 * done once `status.artifact.revision` names it and Ready is True for the current
 * generation; failed when it is Stalled, or when it handled Ferry's request
 * (`status.lastHandledReconcileAt`) and says Ready=False; waiting otherwise (a revision
 * that never arrives ends in the caller's timeout). Pure.
 */
export function evaluateFluxSource(source: KubeObject, request: FluxRequest): EngineProgress {
  const what = `GitRepository ${source.metadata.namespace ?? ""}/${source.metadata.name ?? ""}`;
  const status = statusOf(source);
  const ready = findCondition(source, "Ready");
  const stall = stalled(source, what);
  if (stall) return stall;
  if (isStale(source, ready)) return waiting(`${what} has not yet observed its latest generation`);
  const revision = (status.artifact as { revision?: unknown } | undefined)?.revision;
  if (revisionNamesSha(revision, request.sha) && ready?.status === "True") return { state: "done", reason: `${what} fetched ${String(revision)}` };
  const handled = status.lastHandledReconcileAt === request.requestedAt;
  if (handled && ready?.status === "False") return failed(`${what} failed to fetch ${request.sha.slice(0, 7)}: ${describeCondition(ready)}`);
  if (!handled) return waiting(`${what} has not yet handled the reconcile request of ${request.requestedAt}`);
  return waiting(`${what} reports revision ${typeof revision === "string" ? revision : "(none)"}, not ${request.sha.slice(0, 7)}`);
}

/**
 * Returns how far a Kustomization (kustomize.toolkit.fluxcd.io/v1) is with applying
 * `sha`: done when `status.lastAppliedRevision` names it, Ready is True for the current
 * generation and `status.lastHandledReconcileAt` equals Ferry's request; failed when it
 * is Stalled, or Ready=False after an attempt at exactly this revision
 * (`status.lastAttemptedRevision`) while no reconciliation runs; waiting otherwise. Pure.
 */
export function evaluateFluxKustomization(kustomization: KubeObject, request: FluxRequest): EngineProgress {
  const what = `Kustomization ${kustomization.metadata.namespace ?? ""}/${kustomization.metadata.name ?? ""}`;
  const status = statusOf(kustomization);
  const ready = findCondition(kustomization, "Ready");
  const stall = stalled(kustomization, what);
  if (stall) return stall;
  if (isStale(kustomization, ready)) return waiting(`${what} has not yet observed its latest generation`);
  const handled = status.lastHandledReconcileAt === request.requestedAt;
  const applied = revisionNamesSha(status.lastAppliedRevision, request.sha);
  const attempted = revisionNamesSha(status.lastAttemptedRevision, request.sha);
  const reconciling = findCondition(kustomization, "Reconciling")?.status === "True";
  if (applied && handled && ready?.status === "True") return { state: "done", reason: `${what} applied ${String(status.lastAppliedRevision)}: ${ready.message || "ready"}` };
  if (attempted && ready?.status === "False" && !reconciling) return failed(`${what} failed at ${request.sha.slice(0, 7)}: ${describeCondition(ready)}`);
  if (!handled) return waiting(`${what} has not yet handled the reconcile request of ${request.requestedAt}`);
  if (!applied) return waiting(`${what} last applied ${typeof status.lastAppliedRevision === "string" ? status.lastAppliedRevision : "nothing"}, not ${request.sha.slice(0, 7)}`);
  return waiting(`${what} is not ready yet${ready ? ` (${describeCondition(ready)})` : ""}`);
}
