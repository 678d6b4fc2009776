import type { JsonValue } from "../manifest/kube-object.ts";
import type { DriftItem } from "./compute-drift.ts";

/** What a drift report covers, and when the cluster was read (passed in: core has no clock). */
export interface DriftReportContext {
  readonly environment: string;
  readonly cluster: string;
  readonly ref: string;
  readonly sha: string;
  readonly readAt: string;
  /** Set when the cluster could not be read; the report then says so and lists nothing. */
  readonly error?: string;
  /** Shown beside a git diff (the promotion PR report): the wording then refers to it. */
  readonly besideDiff?: boolean;
}

/** Returns the number of items of each kind of drift. */
export function countDrift(items: readonly DriftItem[]): Record<DriftItem["type"], number> {
  const counts = { modified: 0, missing: 0, orphaned: 0, extra: 0, unknown: 0 };
  for (const item of items) counts[item.type]++;
  return counts;
}

const DESCRIBE: Record<Exclude<DriftItem["type"], "modified">, string> = {
  missing: "missing from the cluster",
  orphaned: "live, but no longer in git (orphaned; an apply prunes it)",
  extra: "live with this environment's labels, but not in git and never applied by Ferry (made by hand; an apply leaves it)",
  unknown: "the server refused the dry-run, so drift is unknown",
};

/** The hidden marker of a drift report on an issue or PR. */
export function driftMarker(environment: string): string {
  return `<!-- ferry:drift environment=${environment.replace(/[^A-Za-z0-9._-]/g, "_")} -->`;
}

/**
 * Returns the Markdown drift report: what is live that git does not say (modified
 * fields with live → git values, secrets already masked), what is missing, what is
 * orphaned; stamped with when the cluster was read. Deterministic for the same input.
 */
export function renderDriftReport(items: readonly DriftItem[], context: DriftReportContext): string {
  const head = `${driftMarker(context.environment)}\n### Live drift of ${context.environment} (cluster \`${context.cluster}\`)\n\n<sub>Read at ${context.readAt}, compared with \`${context.ref}\` @ \`${context.sha.slice(0, 7)}\`.</sub>\n`;
  if (context.error) return `${head}\n:warning: The cluster could not be read: ${context.error}.${context.besideDiff ? " The git diff above is unaffected." : ""}\n`;
  if (items.length === 0) return `${head}\n:white_check_mark: No drift: the cluster matches git.\n`;
  const sorted = sortItems(items);
  const c = countDrift(sorted);
  const effect = context.besideDiff ? "Merging this promotion overwrites the modified fields, creates the missing objects and prunes the orphans." : "Applying git overwrites the modified fields, creates the missing objects and prunes the orphans.";
  const extras = c.extra > 0 ? ` **${c.extra} made by hand**,` : "";
  const unknown = c.unknown > 0 ? ` **${c.unknown} unknown**,` : "";
  const lines = [head, `**${c.modified} modified**, **${c.missing} missing**,${extras}${unknown} **${c.orphaned} orphaned**. ${effect}`, ""];
  lines.push("| resource | drift |", "| --- | --- |");
  for (const item of sorted) {
    const what = item.type === "modified" ? item.fields.map((f) => `\`${f.path}\`: ${show(f.live)} live, ${show(f.desired)} in git`).join("<br>") : item.type === "unknown" ? `${DESCRIBE.unknown}: ${show(item.message)}` : DESCRIBE[item.type];
    lines.push(`| \`${item.key}\` | ${what} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** Returns the plain-text drift report for the CLI. */
export function renderDriftText(items: readonly DriftItem[], context: DriftReportContext): string {
  if (context.error) return `drift of ${context.environment} (${context.cluster}): cluster unreachable: ${context.error}\n`;
  const lines = [`drift of ${context.environment} (${context.cluster}) against ${context.ref}@${context.sha.slice(0, 7)}, read at ${context.readAt}: ${items.length === 0 ? "none" : `${items.length} object(s)`}`];
  for (const item of sortItems(items)) {
    if (item.type === "unknown") lines.push(`  unknown  ${item.key}: ${item.message}`);
    else if (item.type !== "modified") lines.push(`  ${item.type.padEnd(8)} ${item.key}`);
    else for (const f of item.fields) lines.push(`  modified ${item.key} ${f.path}: live ${show(f.live, false)} → git ${show(f.desired, false)}`);
  }
  return `${lines.join("\n")}\n`;
}

function show(value: JsonValue | undefined, markdown = true): string {
  const text = value === undefined ? "(unset)" : JSON.stringify(value);
  const cut = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return markdown ? `\`${cut.replace(/`/g, "'").replace(/\|/g, "\\|")}\`` : cut;
}

// By key, then type, so the output does not depend on the order clusters answered in.
function sortItems(items: readonly DriftItem[]): DriftItem[] {
  return [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
