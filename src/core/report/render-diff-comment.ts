import type { ManifestDiff } from "../diff/manifest-diff.ts";
import { code, plural } from "./markdown.ts";
import { reportMarker } from "./report-marker.ts";
import { resolveReportOptions, type ReportContext } from "./report-context.ts";
import { renderHeadline, renderHighlights, renderTable } from "./render-summary-markdown.ts";
import { renderResourceBlock } from "./render-resource-block.ts";
import { cutLines } from "./cut-lines.ts";

/** A report as PR comments: one or more parts, each within the comment limit. */
export interface DiffComment {
  /** Comment bodies in order; each starts with its hidden marker and fits `maxCommentChars`. */
  readonly parts: readonly string[];
  /** True when the per-resource diffs were left out because they needed more than `maxParts` comments. */
  readonly truncated: boolean;
}

/**
 * Returns the Markdown report of `diff` for PR comments: a hidden marker per part (so
 * each comment is found and updated in place), a headline with the environment, the
 * two SHAs and the counts, highlights, a table of changed resources, then each
 * resource's diff in a collapsed `<details>` block. When it does not fit one comment it
 * is split into numbered parts; past `maxParts` it falls back to the summary and table
 * and says what was cut. Fences are always closed. Deterministic and pure.
 *
 * @example
 * const { parts } = renderDiffComment(diff, { environment: "production", from: { sha: base }, to: { sha: head } });
 */
export function renderDiffComment(diff: ManifestDiff, context: ReportContext): DiffComment {
  const { maxCommentChars: limit, maxParts } = resolveReportOptions(context);
  const headline = renderHeadline(diff, context);
  const highlights = cutLines(renderHighlights(diff, context), Math.floor(limit / 3), "highlights");
  const summary = (budget: number): string => [headline, highlights, renderTable(diff, context, budget - headline.length - highlights.length - 8)].filter((s) => s !== "").join("\n\n");

  const whole = `${reportMarker(context.environment)}\n${summary(Infinity)}\n\n${diff.changes.map((c) => renderResourceBlock(c, Infinity)).join("\n")}`;
  if (whole.length <= limit) return { parts: [whole.trimEnd() + "\n"], truncated: false };

  const prefix = (i: number, n: number): string => `${reportMarker(context.environment, i)}\n<sub>Ferry plan for ${code(context.environment)} · part ${i} of ${n}</sub>\n\n`;
  const footer = (i: number): string => `\n\n_Continued in part ${i + 1}._\n`;
  const budget = limit - prefix(maxParts + 1, maxParts + 1).length - footer(maxParts + 1).length;
  const bodies: string[] = [summary(budget)];
  for (const change of diff.changes) {
    const block = renderResourceBlock(change, budget);
    const last = bodies.length - 1;
    const current = bodies[last] ?? "";
    if (current.length + 2 + block.length <= budget) bodies[last] = `${current}\n\n${block}`;
    else if (bodies.length > maxParts) break;
    else bodies.push(block);
  }
  if (bodies.length <= maxParts) {
    const n = bodies.length;
    return { parts: bodies.map((b, i) => `${prefix(i + 1, n)}${b.trimEnd()}${i + 1 < n ? footer(i + 1) : "\n"}`), truncated: false };
  }

  const cut = `> The diffs of ${plural(diff.changes.length, "changed resource")} need more than ${maxParts} comments of ${limit} characters, so they were cut from this report. Run ${code(`ferry plan --env ${context.environment} --from ${context.from.sha} --to ${context.to.sha}`)} to see them.`;
  const marker = reportMarker(context.environment);
  return { parts: [`${marker}\n${summary(limit - marker.length - cut.length - 8)}\n\n${cut}\n`], truncated: true };
}
