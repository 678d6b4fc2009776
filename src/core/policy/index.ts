/**
 * The config and secret review rules behind the `ferry/policy` check: the rule
 * contract, the registry, evaluation with severities and exemptions from the default
 * branch's settings, and the check-run, text and SARIF renderings. Pure: rules see
 * rendered resources, the diff and facts gathered by workflows; nothing here calls
 * GitHub or prints a secret value.
 */
export * from "./finding.ts";
export * from "./policy-input.ts";
export * from "./policy-rule.ts";
export { POLICY_RULES } from "./registry.ts";
export { evaluatePolicies, sortFindings, type PolicyResult, type RuleOutcome } from "./evaluate-policies.ts";
export { evaluateEnvironmentPolicy, renderOutcome, type EnvironmentPolicyParams } from "./evaluate-environment-policy.ts";
export { collectChangedFiles, addedLines } from "./collect-changed-files.ts";
export { detectCredentials, shannonEntropy, type CredentialMatch } from "./detect-credentials.ts";
export { matchGlob } from "./match-glob.ts";
export { parseImage, isFromRegistry, type ImageReference } from "./parse-image.ts";
export { renderPolicyCheckRun, renderPolicyFailure, escapeMarkdown, POLICY_CHECK_NAME, CHECK_TEXT_LIMIT, ANNOTATIONS_PER_REQUEST, type CheckAnnotation, type PolicyCheckRun } from "./render-policy-check-run.ts";
export { renderPolicyText, renderPolicySarif } from "./render-policy-report.ts";
