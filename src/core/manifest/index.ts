/**
 * Kubernetes objects as data: identity (ResourceKey), parsing and kustomize-identical
 * YAML output. Pure: no I/O; functions never mutate their arguments.
 */
export * from "./kube-object.ts";
export * from "./resource-key.ts";
export * from "./parse-manifests.ts";
export * from "./serialize-manifests.ts";
