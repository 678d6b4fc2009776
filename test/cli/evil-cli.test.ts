import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleRepo, type ExampleRepo } from "../../src/cli/example-repo.ts";
import { runFerryBin, type FerryRun } from "../support/run-ferry-bin.ts";

/**
 * `node bin/ferry.mjs` as a user runs it, given wrong flags, paths that do not exist and
 * kubeconfigs that are garbage: every run ends (no hang), with exit status 2 and one
 * line on stderr saying what is wrong, never a stack trace, and never a credential
 * from the kubeconfig.
 */
const TOKEN = "CANARYkubeTOKEN0badc0ffee";

let repo: ExampleRepo;
let dir: string;
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  repo = await createExampleRepo();
  dir = mkdtempSync(join(tmpdir(), "ferry-evil-cli-"));
});
afterAll(() => {
  rmSync(repo.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

// bin/ferry.mjs notes on stderr when it runs src/ through tsx (no build yet); that line is not the command's.
const BUILD_NOTE = /^ferry: .*(running src\/ through tsx|running dist\/ as built).*\n/;
async function ferry(args: readonly string[], env: Record<string, string> = {}): Promise<FerryRun> {
  const run = await runFerryBin(args, { cwd: repo.dir, env });
  return { ...run, stderr: run.stderr.replace(BUILD_NOTE, "") };
}

const NO_STACK = /\n\s+at |TypeError|ReferenceError|Error: /;

describe("ferry with wrong flags and paths", () => {
  it.each([
    { name: "render without DIR", args: ["render"], stderr: /^ferry render: DIR is missing; usage: ferry render DIR/ },
    { name: "render of a directory that does not exist", args: ["render", "nowhere"], stderr: /^ferry render: "nowhere" is not a directory/ },
    { name: "render with an unknown flag", args: ["render", "production", "--frobnicate"], stderr: /^ferry render: Unknown option '--frobnicate'/ },
    { name: "render at a ref that does not exist", args: ["render", "production", "--ref", "no-such-branch"], stderr: /^ferry render: no commit "no-such-branch" in/ },
    { name: "plan without --env", args: ["plan", "--from", "production", "--to", "staging"], stderr: /^ferry plan: --env is required; usage: ferry plan/ },
    { name: "plan with an empty --env", args: ["plan", "--env", "", "--from", "production", "--to", "staging"], stderr: /^ferry plan: --env needs a value/ },
    { name: "plan of an unknown environment", args: ["plan", "--env", "qa", "--from", "production", "--to", "staging"], stderr: /^ferry plan: unknown environment "qa"; use one of: staging, production/ },
    { name: "check with a positional argument", args: ["check", "production"], stderr: /^ferry check: Unexpected argument 'production'/ },
    { name: "check with a settings file that does not exist", args: ["check", "--env", "production", "--config", "/nonexistent/ferry.yml"], stderr: /^ferry check: cannot read settings file "\/nonexistent\/ferry.yml"; check the --config path/ },
    { name: "apply without --kubeconfig", args: ["apply", "--env", "production", "--ref", "production"], stderr: /^ferry apply: --kubeconfig is required/ },
    { name: "drift with an unknown format", args: ["drift", "--env", "production", "--kubeconfig", "x", "--format", "html"], stderr: /^ferry drift: unknown format "html"; use one of: text, markdown/ },
    { name: "rollback to something that is not a commit", args: ["rollback", "--env", "production", "--to", "zzz"], stderr: /^ferry rollback: no commit "zzz"/ },
    { name: "status with a flag it does not have", args: ["status", "--env", "production"], stderr: /^ferry status: Unknown option '--env'/ },
    { name: "an unknown command", args: ["deploy"], stderr: /^ferry: unknown command "deploy"\nusage:/ },
  ])("$name: exit 2 and what is wrong on stderr", async ({ args, stderr }) => {
    const run = await ferry(args);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toMatch(NO_STACK);
  });
});

describe("ferry with a kubeconfig that is garbage", () => {
  const kubeconfigs = () => ({
    "text that is not YAML": file("garbage", "this is not a kubeconfig\n"),
    "binary junk": file("binary", Buffer.from([0, 0xff, 0xfe, 0x01, 0x80])),
    "a file that does not exist": join(dir, "missing"),
    "clusters of the wrong type": file("wrong-types", `apiVersion: v1\nkind: Config\nclusters: 5\nusers:\n- name: u\n  user: {token: ${TOKEN}}\n`),
    "a context that names no cluster": file("dangling", `apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user: {token: ${TOKEN}}\ncontexts:\n- name: x\n  context: {cluster: gone, user: u}\ncurrent-context: x\n`),
  });

  it.each(["text that is not YAML", "binary junk", "a file that does not exist", "clusters of the wrong type", "a context that names no cluster"] as const)("apply, drift and status with %s end with a reason and no token", async (which) => {
    const kubeconfig = kubeconfigs()[which];

    const apply = await ferry(["apply", "--env", "production", "--ref", "production", "--kubeconfig", kubeconfig]);
    const drift = await ferry(["drift", "--env", "production", "--kubeconfig", kubeconfig]);
    // Status shows what it could not read and still ends: its git readers must not keep it alive.
    const status = await ferry(["status", "--kubeconfig", kubeconfig]);

    expect(apply.code).toBe(2);
    expect(apply.stderr).toMatch(/^ferry apply: the kubeconfig of cluster local .*\[config-invalid\]\n$/);
    expect(drift.code).toBe(2);
    expect(drift.stderr).toMatch(/ferry drift: the kubeconfig of cluster production .*\[config-invalid\]\n$/);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/cluster production: .*the kubeconfig of cluster production/);
    for (const run of [apply, drift, status]) {
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
      expect(run.stderr).not.toMatch(NO_STACK);
    }
  });

  it("names the cluster, its address and why for a server that refuses, without the token", async () => {
    const kubeconfig = file("refused", `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: ${TOKEN}}\ncontexts:\n- name: prod\n  context: {cluster: c, user: u}\ncurrent-context: prod\n`);

    const apply = await ferry(["apply", "--env", "production", "--ref", "production", "--kubeconfig", kubeconfig, "--context", "prod"]);

    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain("cluster prod is unreachable at https://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)");
    expect(apply.stdout + apply.stderr).not.toContain(TOKEN);
  });
});

describe("ferry output is plain text", () => {
  it.each<Record<string, string>>([{ NO_COLOR: "1" }, { FORCE_COLOR: "3" }, { TERM: "dumb" }])("with %o it prints no terminal escapes", async (env) => {
    const plan = await ferry(["plan", "--env", "production", "--from", "production", "--to", "staging", "--format", "text"], env);
    const error = await ferry(["plan", "--env", "qa", "--from", "production", "--to", "staging"], env);

    expect(plan.code).toBe(0);
    expect(plan.stdout + error.stderr).not.toContain("\u001b");
  });
});
