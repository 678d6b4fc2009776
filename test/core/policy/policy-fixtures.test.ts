/**
 * Golden runner for fixtures/policy/<rule-id>/<verdict>-<why>.yaml: the file name states
 * the verdict ("pass": the rule reports nothing at error or warning; "fail": it does),
 * `expect` lists texts its findings must contain, and evil-* cases list canaries that
 * must appear nowhere in the findings, the check run, the text output or the SARIF.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseSettings } from "../../../src/config/index.ts";
import { evaluateEnvironmentPolicy, renderPolicyCheckRun, renderPolicySarif, renderPolicyText, type PolicyResult } from "../../../src/core/policy/index.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/index.ts";

const ROOT = join(import.meta.dirname, "../../../fixtures/policy");
const HEAD = "c0ffee".padEnd(40, "0");
const DEFAULT_SETTINGS = "environments:\n  - name: staging\n  - name: production\n    promotesFrom: staging\n";

interface Fixture {
  settings?: string;
  environment?: string;
  base?: Record<string, string>;
  head: Record<string, string>;
  reviews?: { approvals?: { login: string; on: "head" | "older" }[]; teams?: Record<string, string[]> };
  pull?: { author: string; pushers?: string[]; promotion?: boolean; fastForward?: boolean; commitsNotInSource?: string[] };
  source?: string;
  expect?: string[];
  canaries?: string[];
  /** Markup that must reach the check run only escaped. */
  markup?: string[];
}

const cases = readdirSync(ROOT)
  .sort()
  .flatMap((rule) => readdirSync(join(ROOT, rule)).sort().map((file) => ({ rule, file, name: `${rule}/${file}` })));

/** Evaluates one fixture; `shuffle` reverses the order the trees list their files in. */
export async function evaluateFixture(fixture: Fixture, shuffle = false): Promise<PolicyResult> {
  const settings = parseSettings(fixture.settings ?? DEFAULT_SETTINGS);
  const environment = settings.environments.find((e) => e.name === (fixture.environment ?? "staging"));
  if (!environment) throw new Error("fixture names an unknown environment");
  const tree = (files: Record<string, string>) => buildMemoryFileTree(Object.fromEntries(shuffle ? Object.entries(files).reverse() : Object.entries(files)));
  const headTree = tree(fixture.head);
  const source = fixture.source === undefined ? undefined : settings.environments.find((e) => e.name === fixture.source);
  return evaluateEnvironmentPolicy({
    settings,
    environment,
    headTree,
    ...(fixture.base ? { baseTree: tree(fixture.base) } : {}),
    ...(fixture.reviews
      ? { reviews: { headSha: HEAD, approvals: (fixture.reviews.approvals ?? []).map((a) => ({ login: a.login, commitId: a.on === "head" ? HEAD : "0".repeat(40) })), teamMembers: fixture.reviews.teams ?? {} } }
      : {}),
    ...(fixture.pull
      ? { pull: { author: fixture.pull.author, pushers: fixture.pull.pushers ?? [], isPromotion: fixture.pull.promotion ?? false, fastForward: fixture.pull.fastForward ?? true, commitsNotInSource: fixture.pull.commitsNotInSource ?? [] } }
      : {}),
    ...(source ? { source: { environment: source, sha: HEAD, tree: headTree } } : {}),
  });
}

describe("policy fixtures", () => {
  it("has a pass and a fail case for every rule", () => {
    const rules = [...new Set(cases.map((c) => c.rule))];

    for (const rule of rules) {
      const files = cases.filter((c) => c.rule === rule).map((c) => c.file);
      expect(files.some((f) => /^pass-/.test(f)), `${rule} has a pass case`).toBe(true);
      expect(files.some((f) => /^(evil-)?fail-/.test(f)), `${rule} has a fail case`).toBe(true);
    }
    expect(rules).toHaveLength(9);
  });

  it.each(cases)("$name", async ({ rule, file }) => {
    const fixture = parse(readFileSync(join(ROOT, rule, file), "utf8")) as Fixture;
    const verdict = /^(?:evil-)?(pass|fail)-/.exec(file)?.[1];

    const result = await evaluateFixture(fixture);

    const mine = result.findings.filter((f) => f.ruleId === rule && f.severity !== "notice");
    if (verdict === "pass") expect(mine).toEqual([]);
    else expect(mine.length).toBeGreaterThan(0);
    for (const text of fixture.expect ?? []) expect(mine.map((f) => f.message).join("\n")).toContain(text);
    const outputs = [JSON.stringify(result), JSON.stringify(renderPolicyCheckRun(result, { headSha: HEAD })), renderPolicyText(result), renderPolicySarif(result, { defaultFile: "staging/kustomization.yaml" })].join("\n");
    for (const canary of fixture.canaries ?? []) expect(outputs).not.toContain(canary);
    const checkRun = renderPolicyCheckRun(result, { headSha: HEAD });
    for (const markup of fixture.markup ?? []) expect(`${checkRun.summary}\n${checkRun.text}`).not.toMatch(new RegExp(`(?<!\\\\)${markup.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(await evaluateFixture(fixture, true)).toEqual(result);
  });
});
