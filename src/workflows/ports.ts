/**
 * The ports workflows are written against. Adapters implement them; tests use fakes
 * that `satisfies` them. Workflows never import adapters.
 */

/** Time, injected so core and workflows stay deterministic under test. */
export interface Clock {
  /** Returns the current time. */
  now(): Date;
}
