import type { ManifestDiff } from "../diff/manifest-diff.ts";
import { code, plural } from "./markdown.ts";
import { GITHUB_CHECK_FIELD_LIMIT, type ReportContext } from "./report-context.ts";
import { renderHeadline, renderHighlights, renderTable } from "./render-summary-markdown.ts";
import { renderResourceBlock } from "./render-resource-block.ts";
import { cutLines } from "./cut-lines.ts";

/** A check run's output: each field within GitHub's 65,535-character limit. */
export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly text: string;
}

/**
 * Returns the report as a check run's output: the title counts the changes, the
 * summary holds the headline, highlights and table, the text holds the per-resource
 * diffs; what does not fit is cut with a note. Deterministic and pure.
 */
export function renderDiffCheckRun(diff: ManifestDiff, context: ReportContext): CheckRunOutput {
  const limit = GITHUB_CHECK_FIELD_LIMIT;
  const { added, changed, renamed, removed } = diff.counts;
  const title = diff.changes.length === 0 ? `${context.environment}: no changes` : `${context.environment}: ${changed} changed, ${added} added, ${removed} removed, ${renamed} renamed`;
  const headline = renderHeadline(diff, context);
  const highlights = cutLines(renderHighlights(diff, context), Math.floor(limit / 3), "highlights");
  const summary = [headline, highlights, renderTable(diff, context, limit - headline.length - highlights.length - 8)].filter((s) => s !== "").join("\n\n");

  const note = (left: number): string => `\n_${plural(left, "more resource diff")} not shown; run ${code("ferry plan")} locally to see them._\n`;
  let text = "";
  for (const [i, change] of diff.changes.entries()) {
    const block = renderResourceBlock(change, Math.floor(limit / 4));
    if (text.length + block.length + 1 + note(diff.changes.length).length > limit) {
      text += note(diff.changes.length - i);
      break;
    }
    text += `${block}\n`;
  }
  return { title: title.slice(0, 1000), summary, text };
}
