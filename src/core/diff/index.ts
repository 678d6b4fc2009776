/**
 * Computes per-resource differences between two sets of rendered objects, with secret
 * values masked before any comparison. Pure: callers pass both sides in; output order
 * is stable (by ResourceKey) whatever the input order, and never contains a secret value.
 */
export * from "./manifest-diff.ts";
export { diffManifests, type DiffManifestsParams } from "./diff-manifests.ts";
export { redactSecretPair, redactSecrets, maskGeneratedSecretNames, REDACTED, REDACTED_CHANGED, REDACTED_HASH } from "./redact-secrets.ts";
export { normalizeForDiff } from "./normalize-for-diff.ts";
export { RISKY_KINDS } from "./compute-highlights.ts";
export { GENERATED_NAME } from "./pair-renames.ts";
