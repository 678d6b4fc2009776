import { describe, expect, it } from "vitest";
import { parseSettings } from "../../../src/config/index.ts";
import { AppError } from "../../../src/errors.ts";
import { ANNOTATIONS_PER_REQUEST, evaluatePolicies, renderPolicyCheckRun, renderPolicySarif, type Finding, type PolicyInput, type PolicyResult, type PolicyRule } from "../../../src/core/policy/index.ts";

const settingsOf = (policy = "") => parseSettings(`environments:\n  - name: staging\n  - name: production\n    promotesFrom: staging\n${policy}`);

function inputFor(policy = "", env = "staging"): PolicyInput {
  const settings = settingsOf(policy);
  return { settings, environment: settings.environments.find((e) => e.name === env) as PolicyInput["environment"], after: { ok: true, resources: [] }, changedFiles: [] };
}

const rule = (findings: PolicyRule["evaluate"], extra: Partial<PolicyRule> = {}): PolicyRule => ({ id: "demo", description: "a demo rule", defaultSeverity: "error", evaluate: findings, ...extra });
const one = () => [{ resourceKey: "apps/Deployment/shop/web", message: "demo finding", check: "sub" }];

describe("evaluatePolicies", () => {
  it.each([
    { name: "uses the rule's default severity", policy: "", env: "staging", expected: ["error"] },
    { name: "applies the rule's configured severity", policy: "policy:\n  rules:\n    demo: {severity: warning}\n", env: "staging", expected: ["warning"] },
    { name: "prefers the per-environment severity", policy: "policy:\n  rules:\n    demo: {severity: warning, environments: {production: error}}\n", env: "production", expected: ["error"] },
    { name: "lets a sub-check be configured on its own", policy: "policy:\n  rules:\n    sub: {severity: notice}\n", env: "staging", expected: ["notice"] },
    { name: "drops findings of a rule switched off", policy: "policy:\n  rules:\n    demo: {severity: \"off\"}\n", env: "staging", expected: [] },
  ])("$name", ({ policy, env, expected }) => {
    const result = evaluatePolicies(inputFor(policy, env), [rule(one)]);

    expect(result.findings.map((f) => f.severity)).toEqual(expected);
  });

  it.each([
    { name: "exempts by rule and resource, with the reason", exemption: "demo", resource: "apps/Deployment/shop/web", exempted: 1 },
    { name: "exempts by sub-check id", exemption: "sub", resource: "apps/Deployment/shop/web", exempted: 1 },
    { name: "does not exempt another resource", exemption: "demo", resource: "apps/Deployment/shop/api", exempted: 0 },
  ])("$name", ({ exemption, resource, exempted }) => {
    const policy = `policy:\n  exemptions:\n    - {rule: ${exemption}, resource: ${resource}, reason: accepted}\n`;

    const result = evaluatePolicies(inputFor(policy), [rule(one)]);

    expect(result.exempted).toHaveLength(exempted);
    expect(result.findings).toHaveLength(1 - exempted);
  });

  it("cannot lower or exempt a locked rule", () => {
    const policy = "policy:\n  rules:\n    demo: {severity: \"off\"}\n  exemptions:\n    - {rule: demo, resource: apps/Deployment/shop/web, reason: no}\n";

    const result = evaluatePolicies(inputFor(policy), [rule(one, { locked: true })]);

    expect(result.findings.map((f) => f.severity)).toEqual(["error"]);
  });

  it.each([
    { name: "turns a throwing rule into an error finding", error: new AppError("render-failed", "boom in rule"), message: "rule demo could not run: boom in rule; the check fails until it can" },
    { name: "does not quote a foreign error's message", error: new TypeError("value hunter2 is not iterable"), message: "rule demo could not run: unexpected TypeError; the check fails until it can" },
  ])("$name", ({ error, message }) => {
    const result = evaluatePolicies(inputFor(), [rule(() => { throw error; })]);

    expect(result.findings).toEqual([{ ruleId: "demo", severity: "error", resourceKey: "", message }]);
  });

  it("orders findings the same whatever order rules report them in", () => {
    const many = () => ["b", "a", "c"].map((n) => ({ resourceKey: `/ConfigMap/x/${n}`, message: n, file: `${n}.yaml` }));
    const reversed = () => many().reverse();

    expect(evaluatePolicies(inputFor(), [rule(reversed)])).toEqual(evaluatePolicies(inputFor(), [rule(many)]));
  });
});

describe("renderPolicyCheckRun", () => {
  const result = (findings: Finding[]): PolicyResult => ({ environment: "staging", findings, exempted: [], rules: [{ id: "demo", description: "d", severity: "error", findings: findings.length, exempted: 0 }] });
  const finding = (severity: Finding["severity"], i = 0): Finding => ({ ruleId: "demo", severity, resourceKey: "", message: `m${i}`, file: `f${i}.yaml`, line: i + 1 });

  it.each([
    { name: "concludes failure when any finding is an error", findings: [finding("warning"), finding("error")], conclusion: "failure" },
    { name: "concludes neutral for warnings only", findings: [finding("warning")], conclusion: "neutral" },
    { name: "concludes success for notices only", findings: [finding("notice")], conclusion: "success" },
    { name: "concludes success without findings", findings: [], conclusion: "success" },
  ])("$name", ({ findings, conclusion }) => {
    expect(renderPolicyCheckRun(result(findings), { headSha: "a".repeat(40) }).conclusion).toBe(conclusion);
  });

  it("keeps every field within GitHub's limits however many findings there are", () => {
    const findings = Array.from({ length: 3000 }, (_, i) => ({ ...finding("error", i), message: `${"long message ".repeat(10)}${i}` }));

    const run = renderPolicyCheckRun(result(findings), { headSha: "a".repeat(40) });

    expect(run.summary.length).toBeLessThanOrEqual(65_535);
    expect(run.text.length).toBeLessThanOrEqual(65_535);
    expect(run.annotations).toHaveLength(3000);
    expect(ANNOTATIONS_PER_REQUEST).toBe(50);
  });

  it("maps severities to annotation levels at the finding's file and line", () => {
    const run = renderPolicyCheckRun(result([finding("error", 4)]), { headSha: "a".repeat(40) });

    expect(run.annotations).toEqual([{ path: "f4.yaml", startLine: 5, endLine: 5, level: "failure", title: "ferry/policy: demo", message: "m4" }]);
  });

  it("writes SARIF 2.1.0 with a location for every result", () => {
    const sarif = JSON.parse(renderPolicySarif(result([finding("warning"), { ruleId: "renders", severity: "error", resourceKey: "", message: "x" }]), { defaultFile: "staging/kustomization.yaml" }));

    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.map((r: { level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [r.level, r.locations[0]?.physicalLocation.artifactLocation.uri])).toEqual([
      ["warning", "f0.yaml"],
      ["error", "staging/kustomization.yaml"],
    ]);
  });
});
