/**
 * Judges the health of live objects from their status (observedGeneration, conditions,
 * replica counters), as kstatus and gitops-engine do. Pure: callers read the objects.
 */
export * from "./assess-health.ts";
