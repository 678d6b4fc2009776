/**
 * Kubernetes objects as data: identity (ResourceKey), parsing and kustomize-identical
 * YAML output. Pure: no I/O; functions never mutate their arguments.
 */
export * from "./kube-object.ts";
export * from "./resource-key.ts";
