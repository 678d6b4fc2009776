import type { ResourceKey } from "../manifest/resource-key.ts";

/** Severities a finding can have, most severe first ("off" rules produce none). */
export const FINDING_SEVERITIES = ["error", "warning", "notice"] as const;
/** How much a finding matters: errors fail the check, warnings make it neutral. */
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/**
 * One policy violation, or one thing the check waits for. `resourceKey` is "" when the
 * finding is about the change as a whole (a file, the PR's commits, a reviewer).
 * Messages never contain a secret value: they name keys, files and lines instead.
 */
export interface Finding {
  readonly ruleId: string;
  /** The rule's sub-check, when it has several ("resources-limits", "probes"); exemptions and severities may name it. */
  readonly check?: string;
  readonly severity: FindingSeverity;
  readonly resourceKey: ResourceKey;
  readonly message: string;
  /** Repository-relative file the finding points at, for annotations. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
}

/** A finding an exemption in the settings accepted, with the exemption's reason. */
export interface ExemptedFinding extends Finding {
  readonly reason: string;
}

/** Returns a negative number when `a` is more severe than `b` (for sorting). */
export function compareSeverity(a: FindingSeverity, b: FindingSeverity): number {
  return FINDING_SEVERITIES.indexOf(a) - FINDING_SEVERITIES.indexOf(b);
}
