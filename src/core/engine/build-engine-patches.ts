import type { JsonObject } from "../manifest/kube-object.ts";
import { ARGO_INITIATOR, ARGO_REFRESH, FLUX_REQUESTED_AT } from "./engine-constants.ts";

/**
 * Returns the JSON merge patch `flux reconcile` sends to a Flux object: the
 * `reconcile.fluxcd.io/requestedAt` annotation set to `requestedAt`. The controller
 * reconciles at once and echoes the value in `status.lastHandledReconcileAt`. Pure.
 */
export function buildFluxReconcilePatch(requestedAt: string): JsonObject {
  return { metadata: { annotations: { [FLUX_REQUESTED_AT]: requestedAt } } };
}

/**
 * Returns the JSON merge patch that starts an Argo CD sync of `revision`: the
 * Application's `operation`, as the Argo CD API server writes it for
 * `POST /api/v1/applications/{name}/sync` (initiated by Ferry, the apply hooks strategy,
 * pruning as the environment's `apply.prune` says). Pure.
 */
export function buildArgoSyncPatch(params: { revision: string; prune: boolean; revisions?: readonly string[] | undefined }): JsonObject {
  // A multi-source Application is synced with one revision per source (`sync.revisions`).
  const target: JsonObject = params.revisions ? { revisions: [...params.revisions] } : { revision: params.revision };
  return {
    operation: {
      initiatedBy: { username: ARGO_INITIATOR },
      info: [{ name: "Reason", value: `Ferry promotion of ${params.revision}` }],
      sync: { ...target, prune: params.prune, syncStrategy: { hook: {} } },
    },
  };
}

/** Returns the JSON merge patch that asks Argo CD to compare an Application with git again (`argocd app get --refresh`). Pure. */
export function buildArgoRefreshPatch(): JsonObject {
  return { metadata: { annotations: { [ARGO_REFRESH]: "normal" } } };
}
