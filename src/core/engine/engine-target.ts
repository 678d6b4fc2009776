import type { ResourceKey } from "../manifest/resource-key.ts";

/** A namespaced object of an engine: where it lives and its name. */
export interface ObjectRef {
  readonly namespace: string;
  readonly name: string;
}

/** The engine objects one cluster's apply goes through (what `decideEngineTarget` returns). */
export type EngineTarget =
  | { readonly engine: "ferry" }
  | { readonly engine: "flux"; readonly kustomization: ObjectRef; readonly source?: ObjectRef }
  | { readonly engine: "argocd"; readonly application: ObjectRef };

/** The `apply` settings an engine decision reads (structurally the parsed settings). */
export interface EngineSettings {
  readonly engine: "ferry" | "flux" | "argocd";
  readonly flux?: { readonly kustomization?: string; readonly source?: string; readonly clusters: Readonly<Record<string, { readonly kustomization?: string; readonly source?: string }>> };
  readonly argocd?: { readonly application?: string; readonly clusters: Readonly<Record<string, { readonly application?: string }>> };
}

/** Returns a "namespace/name" reference as an ObjectRef, or undefined when it is not one. */
export function parseObjectRef(text: string | undefined): ObjectRef | undefined {
  const [namespace, name, ...rest] = (text ?? "").split("/");
  return namespace && name && rest.length === 0 ? { namespace, name } : undefined;
}

/**
 * Returns which engine applies an environment in `cluster` and through which objects:
 * the cluster's own entry under `clusters` wins over the environment-wide names. Settings
 * validation guarantees the names exist, so a missing one falls back to Ferry's own
 * apply only when the engine is `ferry`; otherwise the result says which name is missing.
 * Pure.
 *
 * @example
 * decideEngineTarget({ engine: "flux", flux: { kustomization: "flux-system/apps", clusters: {} } }, "production")
 * // { engine: "flux", kustomization: { namespace: "flux-system", name: "apps" } }
 */
export function decideEngineTarget(settings: EngineSettings | undefined, cluster: string): EngineTarget | { readonly engine: "invalid"; readonly message: string } {
  if (!settings || settings.engine === "ferry") return { engine: "ferry" };
  if (settings.engine === "flux") {
    const own = settings.flux?.clusters[cluster];
    const kustomization = parseObjectRef(own?.kustomization ?? settings.flux?.kustomization);
    const source = parseObjectRef(own?.source ?? settings.flux?.source);
    if (!kustomization) return { engine: "invalid", message: `no Flux Kustomization is named for cluster ${cluster}; set apply.flux.kustomization ("namespace/name")` };
    return { engine: "flux", kustomization, ...(source && { source }) };
  }
  const application = parseObjectRef(settings.argocd?.clusters[cluster]?.application ?? settings.argocd?.application);
  if (!application) return { engine: "invalid", message: `no Argo CD Application is named for cluster ${cluster}; set apply.argocd.application ("namespace/name")` };
  return { engine: "argocd", application };
}

/** Returns the ResourceKey of a Flux Kustomization. */
export function kustomizationKey(ref: ObjectRef): ResourceKey {
  return `kustomize.toolkit.fluxcd.io/Kustomization/${ref.namespace}/${ref.name}`;
}

/** Returns the ResourceKey of a Flux GitRepository. */
export function gitRepositoryKey(ref: ObjectRef): ResourceKey {
  return `source.toolkit.fluxcd.io/GitRepository/${ref.namespace}/${ref.name}`;
}

/** Returns the ResourceKey of an Argo CD Application. */
export function applicationKey(ref: ObjectRef): ResourceKey {
  return `argoproj.io/Application/${ref.namespace}/${ref.name}`;
}
