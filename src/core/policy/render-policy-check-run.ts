import type { Finding, FindingSeverity } from "./finding.ts";
import type { PolicyResult } from "./evaluate-policies.ts";

/** The check run's name, one per head SHA. */
export const POLICY_CHECK_NAME = "ferry/policy";
/** GitHub's limit for a check run's title, summary and text fields, and an annotation message. */
export const CHECK_TEXT_LIMIT = 65_535;
/** GitHub takes at most this many annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** One annotation at a file and line. */
export interface CheckAnnotation {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly level: "failure" | "warning" | "notice";
  readonly title: string;
  readonly message: string;
}

/** A completed check run's conclusion and output. */
export interface PolicyCheckRun {
  readonly conclusion: "success" | "failure" | "neutral";
  readonly title: string;
  readonly summary: string;
  readonly text: string;
  /** All annotations; the adapter sends them in batches of ANNOTATIONS_PER_REQUEST. */
  readonly annotations: readonly CheckAnnotation[];
}

const LEVEL: Record<FindingSeverity, CheckAnnotation["level"]> = { error: "failure", warning: "warning", notice: "notice" };
const ICON: Record<FindingSeverity, string> = { error: ":x:", warning: ":warning:", notice: ":information_source:" };

/**
 * Returns the `ferry/policy` check run for a policy result: conclusion failure when any
 * finding is an error, neutral when there are only warnings, success otherwise; a
 * summary table by rule; every finding in the text; an annotation per finding that has
 * a file. Every field stays within GitHub's 65,535 characters. Pure and deterministic.
 */
export function renderPolicyCheckRun(result: PolicyResult, context: { readonly headSha: string }): PolicyCheckRun {
  const count = (s: FindingSeverity) => result.findings.filter((f) => f.severity === s).length;
  const errors = count("error");
  const warnings = count("warning");
  const conclusion = errors > 0 ? "failure" : warnings > 0 ? "neutral" : "success";
  const title = errors + warnings === 0 ? `${result.environment}: all rules pass` : `${result.environment}: ${plural(errors, "error")}, ${plural(warnings, "warning")}`;

  const rows = result.rules.map((r) => {
    const mine = result.findings.filter((f) => f.ruleId === r.id);
    const worst = mine[0]?.severity;
    const status = r.severity === "off" ? "off" : worst === undefined ? ":white_check_mark: pass" : `${ICON[worst]} ${plural(mine.length, worst === "notice" ? "notice" : worst)}`;
    return `| \`${r.id}\` | ${r.severity} | ${status}${r.exempted > 0 ? ` (${r.exempted} exempted)` : ""} | ${escapeMarkdown(r.description)} |`;
  });
  const waiting = result.findings.filter((f) => f.message.startsWith("waiting for") && f.severity === "error");
  const summaryParts = [
    `**${escapeMarkdown(title)}** at \`${context.headSha.slice(0, 7)}\`. Rules and exemptions are read from the default branch.`,
    ["| rule | severity | result | what it checks |", "| --- | --- | --- | --- |", ...rows].join("\n"),
    waiting.length > 0 ? `**Waiting for reviewers:**\n${waiting.map((f) => `- ${escapeMarkdown(f.message)}`).join("\n")}` : "",
  ];
  const summary = cut(summaryParts.filter((p) => p !== "").join("\n\n"), CHECK_TEXT_LIMIT);
  return { conclusion, title: cut(title, 1000), summary, text: renderText(result), annotations: buildAnnotations(result.findings) };
}

/** Returns the check run for a policy that could not be evaluated at all (invalid settings, unreachable repo): a failure naming the reason. */
export function renderPolicyFailure(reason: string): PolicyCheckRun {
  return { conclusion: "failure", title: "policy could not be evaluated", summary: cut(`:x: Ferry could not evaluate the policy, so the check fails closed.\n\n${escapeMarkdown(reason)}`, CHECK_TEXT_LIMIT), text: "", annotations: [] };
}

function renderText(result: PolicyResult): string {
  const sections: string[] = [];
  for (const severity of ["error", "warning", "notice"] as const) {
    const list = result.findings.filter((f) => f.severity === severity);
    if (list.length > 0) sections.push(`### ${ICON[severity]} ${severity === "notice" ? "Notices" : severity === "error" ? "Errors" : "Warnings"}\n\n${list.map(line).join("\n")}`);
  }
  if (result.exempted.length > 0) {
    sections.push(`### Exempted by the settings\n\n${result.exempted.map((f) => `- \`${f.check ?? f.ruleId}\` ${escapeMarkdown(f.resourceKey)}: ${escapeMarkdown(f.reason)}`).join("\n")}`);
  }
  const text = sections.join("\n\n");
  if (text.length <= CHECK_TEXT_LIMIT) return text;
  const note = "\n\n_More findings than fit here; run `ferry check` locally to see them all._";
  return cut(text, CHECK_TEXT_LIMIT - note.length) + note;
}

function line(f: Finding): string {
  const where = f.file === undefined ? "" : ` (\`${escapeCode(f.file)}${f.line === undefined ? "" : `:${f.line}`}\`)`;
  return `- \`${f.check ?? f.ruleId}\`${where}: ${escapeMarkdown(f.message)}`;
}

function buildAnnotations(findings: readonly Finding[]): CheckAnnotation[] {
  return findings
    .filter((f): f is Finding & { file: string } => f.file !== undefined)
    .map((f) => ({ path: f.file, startLine: f.line ?? 1, endLine: f.line ?? 1, level: LEVEL[f.severity], title: cut(`ferry/policy: ${f.check ?? f.ruleId}`, 255), message: cut(f.message, CHECK_TEXT_LIMIT) }));
}

/** Returns text with Markdown and HTML control characters escaped, so names cannot inject markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, "\\$&").replace(/\r?\n/g, " ");
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
