import type { ManifestDiff } from "../diff/manifest-diff.ts";
import { plural } from "./markdown.ts";
import { resolveReportOptions, shortSha, type ReportContext } from "./report-context.ts";

/**
 * Returns the report as plain text for a terminal: headline, highlights, the list of
 * changed resources and every resource's unified diff, uncut. Deterministic and pure.
 */
export function renderDiffText(diff: ManifestDiff, context: ReportContext): string {
  const { maxHighlights } = resolveReportOptions(context);
  const rev = (r: ReportContext["from"]): string => `${shortSha(r.sha)}${r.ref !== undefined && r.ref !== r.sha ? ` (${r.ref})` : ""}`;
  const out: string[] = [`Ferry plan for ${context.environment}: ${rev(context.from)} -> ${rev(context.to)}`];
  for (const note of context.notes ?? []) out.push(`note: ${note}`);
  const { added, changed, renamed, removed, unchanged } = diff.counts;
  out.push(diff.changes.length === 0 ? `no changes (${plural(unchanged, "resource")})` : `${changed} changed, ${added} added, ${removed} removed, ${renamed} renamed, ${unchanged} unchanged`);

  const h = diff.highlights;
  const section = (title: string, entries: readonly string[]): void => {
    if (entries.length === 0) return;
    out.push("", `${title}:`, ...entries.slice(0, maxHighlights).map((e) => `  ${e}`));
    if (entries.length > maxHighlights) out.push(`  ... and ${entries.length - maxHighlights} more`);
  };
  section("images", h.images.map((i) => `${i.key} [${i.container}]: ${i.before ?? "(none)"} -> ${i.after ?? "(none)"}`));
  section("replicas", h.replicas.map((r) => `${r.key}: ${r.before === undefined ? "(unset)" : JSON.stringify(r.before)} -> ${r.after === undefined ? "(unset)" : JSON.stringify(r.after)}`));
  section("risky kinds", h.risky.map((r) => `${r.key} (${r.type})`));
  section("secrets (values hidden)", h.secrets.map((s) => `${s.key}: ${s.fields.map((f) => `${f.path} ${f.change}`).join(", ")}`));

  if (diff.changes.length > 0) {
    const width = Math.max(...diff.changes.map((c) => c.type.length));
    out.push("", "resources:", ...diff.changes.map((c) => `  ${c.type.padEnd(width)}  ${c.previousKey !== undefined ? `${c.previousKey} -> ${c.name}` : c.key}`));
  }
  for (const change of diff.changes) {
    const title = change.previousKey !== undefined ? `${change.previousKey} -> ${change.key}` : change.key;
    out.push("", `--- ${change.type} ${title}`, change.diff.trimEnd());
  }
  return `${out.join("\n")}\n`;
}
