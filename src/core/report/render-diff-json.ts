import type { ManifestDiff } from "../diff/manifest-diff.ts";
import type { ReportContext } from "./report-context.ts";

/**
 * Returns the report as JSON text (two-space indent, trailing newline): environment,
 * revisions, counts, highlights and every change with its diff and structured patch.
 * Secret values are already masked in `diff`. Deterministic and pure.
 */
export function renderDiffJson(diff: ManifestDiff, context: ReportContext): string {
  const report = {
    environment: context.environment,
    from: context.from,
    to: context.to,
    notes: context.notes ?? [],
    counts: diff.counts,
    highlights: diff.highlights,
    changes: diff.changes,
    unchanged: diff.unchanged,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
