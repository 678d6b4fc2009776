import type { ManifestDiff, ResourceChange, SecretFieldChange } from "../diff/manifest-diff.ts";
import { cell, code, plural } from "./markdown.ts";
import { resolveReportOptions, shortSha, type ReportContext } from "./report-context.ts";

/** Returns the headline: environment, from → to, and the counts by change. */
export function renderHeadline(diff: ManifestDiff, context: ReportContext): string {
  const rev = (r: ReportContext["from"]): string => `${code(shortSha(r.sha))}${r.ref !== undefined && r.ref !== r.sha ? ` (${code(r.ref)})` : ""}`;
  const lines = [`### Ferry plan for ${code(context.environment)}: ${rev(context.from)} → ${rev(context.to)}`, "", countsLine(diff)];
  for (const note of context.notes ?? []) lines.push("", `> ${note.replace(/\n/g, " ")}`);
  return lines.join("\n");
}

/** Returns the counts sentence, e.g. "**2 changed** · **1 added** · 40 unchanged". */
export function countsLine(diff: ManifestDiff): string {
  const { added, changed, renamed, removed, unchanged } = diff.counts;
  if (diff.changes.length === 0) return `No changes: the rendered manifests are the same (${plural(unchanged, "resource")}).`;
  const parts = [`**${changed} changed**`, `**${added} added**`, `**${removed} removed**`, `**${renamed} renamed**`, `${unchanged} unchanged`];
  return parts.join(" · ");
}

/** Returns the highlights section as Markdown, each list capped at the configured length; "" when there is nothing. */
export function renderHighlights(diff: ManifestDiff, context: ReportContext): string {
  const { maxHighlights } = resolveReportOptions(context);
  const h = diff.highlights;
  const items: string[] = [];
  const list = (title: string, entries: readonly string[]): void => {
    if (entries.length === 0) return;
    const shown = entries.slice(0, maxHighlights).map((e) => `  - ${e}`);
    if (entries.length > maxHighlights) shown.push(`  - … and ${entries.length - maxHighlights} more`);
    items.push(`- ${title}`, ...shown);
  };
  list("**Images**", h.images.map((i) => `${code(i.key)} container ${code(i.container)}: ${i.before === undefined ? "(none)" : code(i.before)} → ${i.after === undefined ? "(none)" : code(i.after)}`));
  list("**Replicas**", h.replicas.map((r) => `${code(r.key)}: ${r.before === undefined ? "(unset)" : code(JSON.stringify(r.before))} → ${r.after === undefined ? "(unset)" : code(JSON.stringify(r.after))}`));
  list("**Added**", h.added.map((k) => code(k)));
  list("**Removed**", h.removed.map((k) => code(k)));
  list("⚠️ **Risky kinds**", h.risky.map((r) => `${code(r.key)} (${r.type})`));
  list("🔒 **Secrets** (values hidden)", h.secrets.map((s) => `${code(s.key)}: ${describeSecretFields(s.fields)}`));
  return items.length === 0 ? "" : ["#### Highlights", "", ...items].join("\n");
}

/** Returns "`/data/a` changed, `/data/b` added". */
export function describeSecretFields(fields: readonly SecretFieldChange[]): string {
  return fields.map((f) => `${code(f.path)} ${f.change}`).join(", ");
}

/**
 * Returns the table of changed (and, when asked, unchanged) resources, cut to fit
 * `budget` characters; a final row says how many rows were cut.
 */
export function renderTable(diff: ManifestDiff, context: ReportContext, budget: number): string {
  const { showUnchanged } = resolveReportOptions(context);
  const rows = diff.changes.map(tableRow);
  if (showUnchanged) rows.push(...diff.unchanged.map((k) => `| unchanged | ${cell(code(k))} |`));
  if (rows.length === 0) return "";
  const head = ["| change | resource |", "| --- | --- |"];
  let size = head.join("\n").length;
  const kept: string[] = [];
  for (const [i, row] of rows.entries()) {
    const more = `| … | ${rows.length - i} more rows not shown |`;
    if (size + row.length + 1 + more.length + 1 > budget) {
      kept.push(more);
      break;
    }
    kept.push(row);
    size += row.length + 1;
  }
  return [...head, ...kept].join("\n");
}

function tableRow(change: ResourceChange): string {
  const resource = change.previousKey !== undefined ? `${code(change.previousKey)} → ${code(change.name)}` : code(change.key);
  const marks = `${change.risky ? " ⚠️" : ""}${change.secretFields.length > 0 ? " 🔒" : ""}`;
  return `| ${change.type}${marks} | ${cell(resource)} |`;
}
