/**
 * Live drift: how a cluster differs from what git renders. Pure: the caller lists live
 * objects and asks the server for dry-run results; these functions compare (secrets
 * masked first, server-owned fields and ignored pointers dropped) and write the report.
 */
export * from "./compute-drift.ts";
export * from "./find-extras.ts";
export { isLiveSubset } from "./is-live-subset.ts";
export { normalizeQuantity } from "./normalize-quantity.ts";
export * from "./render-drift-report.ts";
