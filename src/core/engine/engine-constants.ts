/**
 * The names Flux and Argo CD document for the objects and annotations Ferry uses. They
 * are the engines' own API, so they never change with Ferry's versions.
 * Flux v2 (kustomize-controller v1, source-controller v1); Argo CD v2 (argoproj.io/v1alpha1).
 */

/** The apiVersion of Flux Kustomizations (kustomize-controller, Flux v2.0 and later). */
export const FLUX_KUSTOMIZATION_API = "kustomize.toolkit.fluxcd.io/v1";
/** The apiVersion of Flux GitRepositories (source-controller, Flux v2.0 and later). */
export const FLUX_SOURCE_API = "source.toolkit.fluxcd.io/v1";
/** The annotation `flux reconcile` sets to ask a controller for a reconciliation now (fluxcd/pkg meta.ReconcileRequestAnnotation). */
export const FLUX_REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";
/** The field manager kustomize-controller applies with; Flux drift reads the fields it owns. */
export const FLUX_FIELD_MANAGER = "kustomize-controller";

/** The apiVersion of Argo CD Applications. */
export const ARGO_APPLICATION_API = "argoproj.io/v1alpha1";
/** The annotation that asks the application controller to compare the Application with git again. */
export const ARGO_REFRESH = "argocd.argoproj.io/refresh";
/** Who Ferry says started a sync (`operation.initiatedBy.username`). */
export const ARGO_INITIATOR = "ferry";
