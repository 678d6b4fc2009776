import type { ClusterOutcome, EnvironmentOutcome } from "./apply-outcome.ts";

/** GitHub's limit on a Deployment status or commit status description. */
const DESCRIPTION_MAX = 140;
const MAX_ROWS = 50;

/** Returns the marker that identifies Ferry's apply comment for an environment on a PR. */
export function applyCommentMarker(environment: string): string {
  return `<!-- ferry:apply env=${environment} -->`;
}

/**
 * Returns the one-line description of an apply outcome, within GitHub's 140-character
 * limit for Deployment and commit status descriptions. Pure.
 */
export function renderApplyDescription(outcome: EnvironmentOutcome): string {
  const first = outcome.clusters.find((c) => c.status === "failed") ?? outcome.clusters[0];
  const text = first ? `${first.cluster}: ${first.message}` : "no clusters";
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}

/**
 * Returns the Markdown comment describing an apply outcome: a headline, a row per
 * cluster, the objects that failed or did not become healthy, and the plan's findings.
 * Pure and deterministic; messages are escaped so server text cannot break the table.
 */
export function renderApplyComment(outcome: EnvironmentOutcome, logUrl?: string): string {
  const sha = `\`${outcome.sha.slice(0, 7)}\``;
  const headline = {
    applied: `### :white_check_mark: Applied ${sha} to ${outcome.environment}`,
    "dry-run": `### :mag: Server dry-run of ${sha} for ${outcome.environment} passed`,
    superseded: `### :fast_forward: ${sha} was superseded in ${outcome.environment} by a newer commit`,
    failed: `### :x: Applying ${sha} to ${outcome.environment} failed`,
  }[outcome.status];
  const lines = [applyCommentMarker(outcome.environment), headline, "", "| Cluster | Result | Details |", "| --- | --- | --- |"];
  for (const c of outcome.clusters) lines.push(`| ${cell(c.cluster)} | ${c.status}${c.code ? ` (\`${c.code}\`)` : ""} | ${cell(c.message)} |`);
  for (const c of outcome.clusters) lines.push(...clusterDetails(c));
  if (outcome.status === "failed") lines.push("", `Ferry marked ${sha} bad with a failing \`ferry/apply\` status: rollbacks never return to it.`);
  if (logUrl) lines.push("", `[Apply log](${logUrl})`);
  return `${lines.join("\n")}\n`;
}

function clusterDetails(c: ClusterOutcome): string[] {
  const out: string[] = [];
  const failed = c.results.filter((r) => r.action === "failed");
  if (failed.length > 0) {
    out.push("", `<details><summary>${cell(c.cluster)}: ${failed.length} object(s) failed</summary>`, "", "| Object | Stage | Reason |", "| --- | --- | --- |");
    for (const r of failed.slice(0, MAX_ROWS)) {
      const conflicts = r.conflicts?.length ? ` (conflicts: ${r.conflicts.map((f) => `${f.field} owned by ${f.manager}`).join(", ")})` : "";
      out.push(`| \`${cell(r.key)}\` | ${r.stage} | ${cell(`${r.message ?? ""}${conflicts}`)} |`);
    }
    if (failed.length > MAX_ROWS) out.push(`| … | | ${failed.length - MAX_ROWS} more |`);
    out.push("", "</details>");
  }
  if (c.health.length > 0) {
    out.push("", `<details><summary>${cell(c.cluster)}: ${c.health.length} object(s) not healthy</summary>`, "", "| Object | Health | Why |", "| --- | --- | --- |");
    for (const h of c.health.slice(0, MAX_ROWS)) out.push(`| \`${cell(h.key)}\` | ${h.status} | ${cell(h.message)} |`);
    out.push("", "</details>");
  }
  const findings = c.findings.filter((f) => f.severity !== "notice");
  if (findings.length > 0) {
    out.push("", `**${cell(c.cluster)}** guard rails:`);
    for (const f of findings.slice(0, MAX_ROWS)) out.push(`- ${f.severity === "error" ? ":no_entry:" : ":warning:"} ${cell(f.message)}`);
  }
  return out;
}

// Table cells: one line, no pipes or backticks breaking out, HTML neutralised, bounded.
function cell(text: string): string {
  const flat = text.replace(/\s+/g, " ").replace(/[|`]/g, (c) => `\\${c}`).replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return flat.length > 500 ? `${flat.slice(0, 499)}…` : flat;
}
