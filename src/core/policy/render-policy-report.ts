import type { PolicyResult } from "./evaluate-policies.ts";
import type { FindingSeverity } from "./finding.ts";
import { POLICY_RULES } from "./registry.ts";

/**
 * Returns the findings as plain text for a terminal: one line per finding
 * ("error secret-reviewer base/x.yaml:3 message"), then a count. Deterministic.
 */
export function renderPolicyText(result: PolicyResult): string {
  const lines = result.findings.map((f) => `${f.severity.padEnd(7)} ${(f.check ?? f.ruleId).padEnd(20)} ${f.file === undefined ? "" : `${f.file}${f.line === undefined ? "" : `:${f.line}`}  `}${f.message}`);
  for (const e of result.exempted) lines.push(`exempt  ${(e.check ?? e.ruleId).padEnd(20)} ${e.resourceKey}: ${e.reason}`);
  const n = (s: FindingSeverity) => result.findings.filter((f) => f.severity === s).length;
  lines.push(`${result.environment}: ${n("error")} error(s), ${n("warning")} warning(s), ${n("notice")} notice(s)`);
  return `${lines.join("\n")}\n`;
}

const SARIF_LEVEL: Record<FindingSeverity, string> = { error: "error", warning: "warning", notice: "note" };

/**
 * Returns the findings as a SARIF 2.1.0 log for code-scanning tools. Findings without a
 * file point at `defaultFile` (the environment's kustomization), since code scanning
 * needs a location. Deterministic (no timestamps).
 */
export function renderPolicySarif(result: PolicyResult, params: { defaultFile: string; version?: string }): string {
  const rules = POLICY_RULES.map((r) => ({ id: r.id, name: r.id, shortDescription: { text: r.description }, defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] }, helpUri: `https://github.com/ferry-gitops/ferry/blob/main/docs/policy.md#${r.id}` }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = result.findings.map((f) => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.file ?? params.defaultFile }, region: { startLine: f.line ?? 1 } } }],
    partialFingerprints: { ferryFinding: `${f.ruleId}/${f.check ?? ""}/${f.resourceKey}/${f.file ?? ""}` },
    properties: { environment: result.environment, resourceKey: f.resourceKey, ...(f.check === undefined ? {} : { check: f.check }) },
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "ferry", informationUri: "https://github.com/ferry-gitops/ferry", version: params.version ?? "0.1.0", rules } }, automationDetails: { id: `ferry/policy/${result.environment}/` }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
