/**
 * GitOps engines as Ferry drives them (issue #15): which engine applies an environment
 * in a cluster and through which objects, the merge patches that ask Flux to reconcile
 * or Argo CD to sync, and the reading of those objects' status (done, failed or waiting,
 * and why) the way the engines document it. Pure: never reads or writes a cluster;
 * callers read the objects and pass them in, and pass the clock's time in.
 */
export * from "./build-engine-patches.ts";
export * from "./compute-argo-drift.ts";
export * from "./engine-constants.ts";
export * from "./engine-progress.ts";
export * from "./engine-target.ts";
export * from "./evaluate-argo-application.ts";
export * from "./evaluate-flux.ts";
export * from "./revision-names-sha.ts";
export * from "./is-managed-by.ts";
export * from "./redact-engine-message.ts";
