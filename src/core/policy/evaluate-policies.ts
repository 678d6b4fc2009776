import type { Severity } from "../../config/settings-schema.ts";
import { isAppError } from "../../errors.ts";
import { compareSeverity, type ExemptedFinding, type Finding, type FindingSeverity } from "./finding.ts";
import type { PolicyInput } from "./policy-input.ts";
import type { PolicyRule, RuleFinding } from "./policy-rule.ts";
import { POLICY_RULES } from "./registry.ts";

/** How one rule fared, for the summary table. */
export interface RuleOutcome {
  readonly id: string;
  readonly description: string;
  /** The configured severity in this environment, "off" when switched off. */
  readonly severity: Severity;
  readonly findings: number;
  readonly exempted: number;
}

/** Everything the check reports: findings ordered by severity, rule, file, line and resource. */
export interface PolicyResult {
  readonly environment: string;
  readonly findings: readonly Finding[];
  readonly exempted: readonly ExemptedFinding[];
  readonly rules: readonly RuleOutcome[];
}

/**
 * Returns the findings of every registered rule on `input`. Severities come from
 * `policy.rules` (per sub-check, then per rule, each per environment first), defaulting
 * to the rule's own; exemptions come only from `policy.exemptions` in the settings the
 * caller read from the default branch — nothing in the PR's manifests can exempt.
 * A rule that throws becomes an error finding "rule X could not run" (fail closed).
 * Pure and deterministic: the output order does not depend on the input order.
 *
 * @example
 * const result = evaluatePolicies({ settings, environment, after, changedFiles: [] });
 * result.findings.filter((f) => f.severity === "error");
 */
export function evaluatePolicies(input: PolicyInput, rules: readonly PolicyRule[] = POLICY_RULES): PolicyResult {
  const env = input.environment.name;
  const findings: Finding[] = [];
  const exempted: ExemptedFinding[] = [];
  const outcomes: RuleOutcome[] = [];
  for (const rule of rules) {
    const configured = rule.locked ? rule.defaultSeverity : severityOf(input, rule.id, env) ?? rule.defaultSeverity;
    if (configured === "off") {
      outcomes.push({ id: rule.id, description: rule.description, severity: "off", findings: 0, exempted: 0 });
      continue;
    }
    let raw: readonly RuleFinding[];
    try {
      raw = rule.evaluate(input);
    } catch (error) {
      // Only Ferry's own messages are shown: a foreign error could quote the input.
      const reason = isAppError(error) ? error.message : `unexpected ${error instanceof Error ? error.name : "error"}`;
      findings.push({ ruleId: rule.id, severity: "error", resourceKey: "", message: `rule ${rule.id} could not run: ${reason}; the check fails until it can` });
      outcomes.push({ id: rule.id, description: rule.description, severity: configured, findings: 1, exempted: 0 });
      continue;
    }
    let count = 0;
    let exemptCount = 0;
    for (const r of raw) {
      const severity = findingSeverity({ input, rule, finding: r, configured, env });
      if (severity === undefined) continue;
      const finding = toFinding(rule.id, r, severity);
      const exemption = rule.locked ? undefined : input.settings.policy.exemptions.find((e) => (e.rule === rule.id || e.rule === r.check) && e.resource === r.resourceKey);
      if (exemption) {
        exempted.push({ ...finding, reason: exemption.reason });
        exemptCount++;
      } else {
        findings.push(finding);
        count++;
      }
    }
    outcomes.push({ id: rule.id, description: rule.description, severity: configured, findings: count, exempted: exemptCount });
  }
  return { environment: env, findings: sortFindings(findings), exempted: sortFindings(exempted), rules: outcomes };
}

function severityOf(input: PolicyInput, id: string, env: string): Severity | undefined {
  const settings = input.settings.policy.rules[id];
  return settings?.environments[env] ?? settings?.severity;
}

function findingSeverity(p: { input: PolicyInput; rule: PolicyRule; finding: RuleFinding; configured: FindingSeverity; env: string }): FindingSeverity | undefined {
  const { input, rule, finding, configured, env } = p;
  let severity: Severity = configured;
  if (finding.check !== undefined && !rule.locked) {
    // A sub-check's own setting wins; otherwise its default, unless the rule itself was configured.
    const own = severityOf(input, finding.check, env);
    const ruleConfigured = severityOf(input, rule.id, env) !== undefined;
    severity = own ?? (ruleConfigured ? configured : rule.checkSeverities?.[finding.check] ?? configured);
  }
  if (severity === "off") return undefined;
  if (finding.maxSeverity !== undefined && compareSeverity(severity, finding.maxSeverity) < 0) return finding.maxSeverity;
  return severity;
}

function toFinding(ruleId: string, r: RuleFinding, severity: FindingSeverity): Finding {
  const out: { -readonly [K in keyof Finding]: Finding[K] } = { ruleId, severity, resourceKey: r.resourceKey, message: r.message };
  if (r.check !== undefined) out.check = r.check;
  if (r.file !== undefined) out.file = r.file;
  if (r.line !== undefined) out.line = r.line;
  return out;
}

/** Returns the findings in a stable order, duplicates (same rule, resource, place and message) removed. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const id = JSON.stringify([f.ruleId, f.check, f.resourceKey, f.file, f.line, f.message]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return unique.sort(
    (a, b) =>
      compareSeverity(a.severity, b.severity) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      cmp(a.resourceKey, b.resourceKey) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
