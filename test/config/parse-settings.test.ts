import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSettings } from "../../src/config/index.ts";
import { buildSettingsJsonSchema } from "../../src/config/write-json-schema.ts";
import { ConfigError } from "../../src/errors.ts";
import { settingsIssuesOf } from "../support/settings-issues.ts";

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "settings", name), "utf8");
const envs = (...lines: string[]): string => `environments:\n${lines.join("\n")}\n`;

const issuesOf = settingsIssuesOf;

describe("parseSettings", () => {
  it("fills every default for an empty file: the conventional staging → production layout", () => {
    const settings = parseSettings("");

    expect(settings.environments.map((e) => [e.name, e.branch, e.path, e.clusters, e.promotesFrom])).toEqual([
      ["staging", "staging", "staging", ["staging"], undefined],
      ["production", "production", "production", ["production"], "staging"],
    ]);
    expect(settings.environments[1]?.merge).toEqual({ approvals: 1, auto: false });
    expect(settings.policy.images).toEqual({ forbidLatest: true, requireDigest: false, registries: [] });
    expect(settings.report).toEqual({ maxCommentChars: 65536, maxParts: 10, contextLines: 3, showUnchanged: false, maxHighlights: 25 });
  });

  it("reads every section of the full example and normalizes paths", () => {
    const settings = parseSettings(fixture("full.yml"));

    const eu = settings.environments[1];
    expect(eu?.path).toBe("overlays/production-eu");
    expect(eu?.promoters).toEqual({ permission: "maintain", teams: ["acme/platform"], users: ["octocat"] });
    expect(eu?.apply).toEqual({ engine: "ferry", healthTimeout: 600, prune: false });
    expect(settings.environments[2]).toMatchObject({ branch: "production-us", clusters: ["production-us"], requireHealthySource: false });
    expect(settings.policy.rules["resources-limits"]).toEqual({ severity: "warning", environments: { "production-eu": "error" } });
    expect(settings.drift.ignore[0]?.pointers).toEqual(["/spec/replicas"]);
  });

  it.each([
    { name: "names an unknown promotesFrom and lists the environments", text: envs("  - name: staging", "  - name: production", "    promotesFrom: stagin"), issues: ['environments[1].promotesFrom: unknown environment "stagin"; use one of: staging, production'] },
    { name: "rejects an unknown key and lists the known ones", text: envs("  - name: staging", "    brnch: main"), issues: ['environments[0].brnch: unknown key "brnch"; remove it or use one of: name, branch, path, clusters, promotesFrom, requireHealthySource, promoters, merge, apply, render, rollback'] },
    { name: "rejects an unknown top-level key", text: "environment: []\n", issues: ['environment: unknown key "environment"; remove it or use one of: environments, drift, policy, report, cluster'] },
    { name: "rejects duplicate names", text: envs("  - name: staging", "  - name: staging", "    branch: other"), issues: ['environments[1].name: "staging" is already the name of environments[0]; give each environment its own name'] },
    { name: "rejects duplicate branches", text: envs("  - name: staging", "  - name: qa", "    branch: staging"), issues: ['environments[1].branch: branch "staging" is already used by environments[0] ("staging"); give each environment its own branch'] },
    { name: "rejects promoting from itself", text: envs("  - name: staging", "    promotesFrom: staging"), issues: ['environments[0].promotesFrom: "staging" cannot promote from itself; name the environment before it'] },
    { name: "rejects a promotion cycle", text: envs("  - name: a", "    promotesFrom: c", "  - name: b", "    promotesFrom: a", "  - name: c", "    promotesFrom: b"), issues: ["environments[0].promotesFrom: promotion cycle a → c → b → a; environments must form chains or trees, so remove promotesFrom from the first environment"] },
    { name: "rejects a path that leaves the repository", text: envs("  - name: staging", "    path: ../other"), issues: ['environments[0].path: must stay inside the repository; remove ".."'] },
    { name: "rejects an absolute path", text: envs("  - name: staging", "    path: /etc"), issues: ['environments[0].path: must be a relative path inside the repository (with "/"), not absolute'] },
    { name: "rejects a wrong type with what it got", text: envs("  - name: staging", "    merge: { approvals: two }"), issues: ['environments[0].merge.approvals: must be a number, not "two"'] },
    { name: "rejects a missing name", text: envs("  - branch: staging"), issues: ["environments[0].name: is required; add a string"] },
    { name: "rejects an unknown permission with the allowed ones", text: envs("  - name: staging", "    promoters: { permission: owner }"), issues: ['environments[0].promoters.permission: "owner" is not allowed; use one of: read, triage, write, maintain, admin'] },
    { name: "rejects a malformed team slug", text: envs("  - name: staging", "    promoters: { teams: [platform] }"), issues: ['environments[0].promoters.teams[0]: must be a team slug "org/team"'] },
    { name: "rejects an uppercase environment name", text: envs("  - name: Prod"), issues: ['environments[0].name: must be lowercase letters, digits and "-" (at most 63), starting and ending with a letter or digit'] },
    { name: "rejects a malformed exemption resource", text: "policy:\n  exemptions:\n    - { rule: resources-limits, resource: nightly, reason: vpa }\n", issues: ['policy.exemptions[0].resource: must be group/kind/namespace/name, e.g. "apps/Deployment/batch/nightly-report"'] },
    { name: "rejects a severity for an unknown environment", text: "policy:\n  rules:\n    resources-limits: { environments: { prod: error } }\n", issues: ['policy.rules["resources-limits"].environments.prod: unknown environment "prod"; use one of: staging, production'] },
    { name: "rejects a comment limit above GitHub's", text: "report: { maxCommentChars: 100000 }\n", issues: ["report.maxCommentChars: must be at most 65536"] },
    { name: "rejects a drift ignore pointer that is not a JSON pointer", text: "drift:\n  ignore: [{ kind: Deployment, pointers: [spec.replicas] }]\n", issues: ['drift.ignore[0].pointers[0]: must be a JSON pointer such as "/spec/replicas"'] },
    { name: "rejects an empty environment list", text: "environments: []\n", issues: ["environments: needs at least 1 item(s)"] },
    { name: "rejects a top level that is not a map", text: "- a\n- b\n", issues: ["(top level): must be a map, not a list"] },
    { name: "reports YAML syntax errors with the line", text: "environments:\n  - name: [unclosed\n", issues: ["line 3: Flow sequence in block collection must be sufficiently indented and end with a ]; fix the YAML syntax"] },
    { name: "rejects duplicate keys", text: "report: {}\nreport: {}\n", issues: ['line 2: key "report" is already set on line 1; keep one of them'] },
  ])("$name", ({ text, issues }) => {
    const found = issuesOf(text);

    expect(found).toEqual(issues);
  });

  it("names the file and counts the problems in the error message", () => {
    expect(() => parseSettings("environments: [{ name: a, promotesFrom: b }]\n", "main:.github/ferry.yml")).toThrow('invalid settings in "main:.github/ferry.yml" (1 problem):\n  environments[0].promotesFrom: unknown environment "b"; use one of: a');
  });

  it("refuses a YAML alias bomb (evil-yaml-bomb.yml) instead of expanding it", () => {
    expect(() => parseSettings(fixture("evil-yaml-bomb.yml"))).toThrow(ConfigError);
  });

  it("keeps ferry.schema.json in step with the zod schema (run npm run schema)", () => {
    const committed = readFileSync(join(import.meta.dirname, "..", "..", "ferry.schema.json"), "utf8");

    expect(buildSettingsJsonSchema()).toBe(committed);
  });
});
