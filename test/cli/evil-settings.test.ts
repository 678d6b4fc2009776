import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.ts";
import { createTestRepo, type TestRepo } from "../support/git-repo.ts";

/**
 * Hostile `.github/ferry.yml` files through `ferry check --config FILE`, the CLI's entry
 * point: each is refused with exit status 2 and one line per problem that names the key,
 * what is wrong and how to fix it. Never a stack trace, never a hang.
 */
const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\ndata: {LOG_LEVEL: info}\n";
const env = (...lines: string[]) => `environments:\n  - name: staging\n${lines.map((l) => `    ${l}\n`).join("")}`;

let repo: TestRepo;
let dir: string;

beforeAll(() => {
  repo = createTestRepo();
  repo.commit({ "staging/cm.yaml": CM }, "initial");
  repo.git("branch", "staging");
  dir = mkdtempSync(join(tmpdir(), "ferry-evil-settings-"));
});
afterAll(() => {
  repo.remove();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function check(settings: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const file = join(dir, `ferry-${++n}.yml`);
  writeFileSync(file, settings);
  let out = "";
  let err = "";
  const io: CliIo = { cwd: repo.dir, env: {}, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(["check", "--env", "staging", "--config", file, ...args], io);
  return { code, out, err };
}

describe("ferry check with hostile settings", () => {
  it.each([
    { name: "refuses a list where a map belongs", settings: "environments: 5\n", problem: "environments: must be a list, not number 5" },
    { name: "refuses an environment written as a bare name", settings: "environments:\n  - staging\n", problem: 'environments[0]: must be a map, not "staging"' },
    { name: "names the allowed keys for an unknown key", settings: "enviroments: []\n", problem: 'enviroments: unknown key "enviroments"; remove it or use one of: environments, drift, policy, report, cluster' },
    { name: "names both lines of a duplicate key", settings: env("branch: staging", "branch: main"), problem: 'line 4: key "branch" is already set on line 3; keep one of them' },
    { name: "refuses an environment promoting from itself", settings: env("promotesFrom: staging"), problem: 'environments[0].promotesFrom: "staging" cannot promote from itself' },
    { name: "names the cycle", settings: "environments:\n  - {name: a, promotesFrom: b}\n  - {name: b, promotesFrom: c}\n  - {name: c, promotesFrom: a}\n", problem: "promotion cycle a → b → c → a" },
    { name: "refuses a branch with ..", settings: env("branch: release..1"), problem: 'environments[0].branch: contains "..", which git does not allow in branch names' },
    { name: "asks for the short name of a full ref", settings: env("branch: refs/heads/staging"), problem: 'environments[0].branch: is a full ref; write the branch name only ("staging")' },
    { name: "refuses a control character in a branch", settings: env('branch: "stag\\u0007ing"'), problem: "contains the control character U+0007" },
    { name: "refuses a space in a branch", settings: env('branch: "my branch"'), problem: "contains a space, which git does not allow" },
    { name: "refuses a hidden part in a branch", settings: env("branch: team/.x"), problem: 'has a part starting with "." (".x")' },
    { name: "refuses HEAD as a branch", settings: env("branch: HEAD"), problem: '"HEAD" is not a branch name git allows' },
    { name: "refuses Ferry's own branches", settings: env("branch: ferry/promote/staging"), problem: 'is under "ferry/", where Ferry keeps its own promotion and rollback branches' },
    { name: "refuses a branch longer than git stores", settings: env(`branch: ${"b".repeat(256)}`), problem: "is longer than 255 bytes" },
    { name: "refuses a unicode environment name", settings: "environments:\n  - name: prodüction\n", problem: 'environments[0].name: must be lowercase letters, digits and "-"' },
    { name: "refuses a path into .git", settings: env("path: .git/hooks"), problem: 'environments[0].path: points into ".git"' },
    { name: "refuses a path with a NUL", settings: env('path: "stag\\0ing"'), problem: "environments[0].path: contains a control character" },
    { name: "refuses a path that leaves the repository", settings: env("path: staging/../../etc"), problem: 'environments[0].path: must stay inside the repository; remove ".."' },
    { name: "refuses an alias bomb before it expands", settings: `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [${"*a,".repeat(9)}]\nc: &c [${"*b,".repeat(9)}]\nd: &d [${"*c,".repeat(9)}]\ne: [${"*d,".repeat(9)}]\n`, problem: "(top level): uses too many YAML aliases" },
    { name: "refuses a second YAML document in words, not the parser's API", settings: "environments:\n  - name: staging\n---\nreport: {}\n", problem: 'line 3: starts a second YAML document ("---")' },
    { name: "refuses nesting too deep to read", settings: `x: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, problem: "(file): nests lists or maps too deeply to read" },
    { name: "refuses binary junk", settings: "\u0000\u0001\u0002\u00ff", problem: "(top level): must be a map" },
    { name: "refuses a glob longer than any real one", settings: `policy:\n  config:\n    paths: ["${"*/".repeat(300)}"]\n`, problem: "policy.config.paths[0]: is longer than 500 characters; shorten it" },
    { name: "refuses a YAML tag that would run code elsewhere", settings: "environments: !!js/function 'function () {}'\n", problem: "environments: must be a list" },
    { name: "refuses __proto__ as an unknown key", settings: "__proto__:\n  polluted: true\n", problem: '__proto__: unknown key "__proto__"' },
  ])("$name", async ({ settings, problem }) => {
    const { code, out, err } = await check(settings);

    expect({ code, out }).toEqual({ code: 2, out: "" });
    expect(err).toMatch(/^ferry check: invalid settings in ".*" \(\d+ problems?\):\n/);
    expect(err).toContain(problem);
    expect(err).not.toMatch(/\n\s+at |Error:|undefined/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("lists the first 20 of 20,000 problems and counts the rest, quickly enough to answer", async () => {
    const settings = Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join("\n");

    const { code, err } = await check(settings);

    expect(code).toBe(2);
    expect(err).toContain("(20000 problems)");
    expect(err).toContain('  k19: unknown key "k19"');
    expect(err).not.toContain('  k20: unknown key "k20"');
    expect(err).toContain("  … and 19980 more; fix these first");
  });

  it("matches ownership globs without backtracking on a path made to make a regular expression explode", async () => {
    const settings = `environments:\n  - name: staging\npolicy:\n  ownership:\n    - paths: ["*a*a*a*a*a*a*a*a*a*a*b", "**/**/**/**/**/**/**/**/**/**/x"]\n      users: [dana]\n`;
    const evil = `staging/${"a/".repeat(30)}${"a".repeat(60)}.yaml`;
    repo.git("checkout", "-q", "-b", "evil-globs", "staging");
    repo.commit({ [evil]: CM.replace("web", "web2") }, "a deep file");
    repo.git("checkout", "-q", "main");

    const { code, out, err } = await check(settings, "--ref", "evil-globs", "--base", "staging");

    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("staging: 0 error(s)");
  });
});
