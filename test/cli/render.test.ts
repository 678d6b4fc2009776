import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createTestRepo } from "../support/git-repo.ts";
import { runFerryBin } from "../support/run-ferry-bin.ts";

// `ferry render DIR` as a user runs it (node bin/ferry.mjs), from working directories
// unrelated to DIR, with `kubectl kustomize DIR` as the oracle for every success.
const PROJECT = fileURLToPath(new URL("../..", import.meta.url));
const BASE = { "base/kustomization.yaml": "resources: [cm.yaml]\n", "base/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  mode: base\n" };

// A git repository whose overlay uses ../base, committed with namePrefix v1- and
// edited (not committed) to v2-: the work tree is what a render without --ref reads.
const repo = createTestRepo();
repo.commit({ ...BASE, "app/kustomization.yaml": "resources: [../base]\nnamePrefix: v1-\n", "gone/kustomization.yaml": "resources: [../base]\nnamePrefix: gone-\n" });
writeFileSync(join(repo.dir, "app", "kustomization.yaml"), "resources: [../base]\nnamePrefix: v2-\n");
rmSync(join(repo.dir, "gone"), { recursive: true });
const repoDir = realpathSync(repo.dir);

// The same layout in a plain directory, outside any git repository.
const plain = realpathSync(mkdtempSync(join(tmpdir(), "ferry-render-plain-")));
for (const [path, text] of Object.entries({ ...BASE, "prod/kustomization.yaml": "resources: [../base]\nnamePrefix: prod-\n" })) {
  mkdirSync(dirname(join(plain, path)), { recursive: true });
  writeFileSync(join(plain, path), text);
}

// evil-symlink-to-git-config: a resource that is a symlink into .git (the remote's credentials live there).
const evil = createTestRepo();
evil.commit({ "evil-symlink-to-git-config/kustomization.yaml": "resources: [config.yaml]\n" });
symlinkSync("../.git/config", join(evil.dir, "evil-symlink-to-git-config", "config.yaml"));
afterAll(() => {
  repo.remove();
  evil.remove();
  rmSync(plain, { recursive: true, force: true });
});

const kustomize = (dir: string): string => execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" });

describe("ferry render DIR", () => {
  it.each([
    { name: "an overlay in another git repository, from the project's own repository", cwd: PROJECT, dir: join(repoDir, "app") },
    { name: "an overlay by a relative path, from a sibling directory", cwd: join(repoDir, "base"), dir: "../app" },
    { name: "an overlay in a git repository, from outside any repository", cwd: "/", dir: join(repoDir, "app") },
    { name: "an overlay in a plain directory by an absolute path, from the project's repository", cwd: PROJECT, dir: join(plain, "prod") },
    { name: "an overlay in a plain directory by a relative path, from that directory", cwd: plain, dir: "prod" },
    { name: "a plain directory's overlay through a path with '..', from its base", cwd: join(plain, "base"), dir: "../prod" },
  ])("renders $name as kubectl kustomize does", async ({ cwd, dir }) => {
    const expected = kustomize(resolve(cwd, dir));

    const run = await runFerryBin(["render", dir], { cwd });

    expect(run).toMatchObject({ code: 0, stdout: expected });
  });

  it("reads the work tree without --ref and the commit with --ref HEAD", async () => {
    const workTree = await runFerryBin(["render", join(repoDir, "app")], { cwd: PROJECT });
    const committed = await runFerryBin(["render", join(repoDir, "app"), "--ref", "HEAD"], { cwd: PROJECT });

    expect(workTree.stdout).toContain("name: v2-cfg");
    expect(committed.stdout).toContain("name: v1-cfg");
  });

  it("renders with --ref a directory the commit has and the work tree no longer has", async () => {
    const run = await runFerryBin(["render", "gone", "--ref", "HEAD"], { cwd: repoDir });

    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining("name: gone-cfg") });
  });

  it.each([
    { name: "refuses a symlink into .git, as kustomize refuses it (evil-symlink-to-git-config)", cwd: PROJECT, args: ["render", join(evil.dir, "evil-symlink-to-git-config")], code: 2, stderr: "config.yaml" },
    { name: "refuses a DIR that does not exist", cwd: PROJECT, args: ["render", join(plain, "missing")], code: 2, stderr: "is not a directory" },
    { name: "refuses a file as DIR", cwd: plain, args: ["render", "base/cm.yaml"], code: 2, stderr: "is not a directory" },
    { name: "refuses --ref outside git", cwd: plain, args: ["render", "prod", "--ref", "HEAD"], code: 2, stderr: "--ref needs a git repository" },
    { name: "fails with a usage error without DIR", cwd: plain, args: ["render"], code: 2, stderr: "DIR is missing" },
    { name: "fails with a usage error on two DIRs", cwd: plain, args: ["render", "prod", "base"], code: 2, stderr: "more than one DIR" },
  ])("$name", async ({ cwd, args, code, stderr }) => {
    const run = await runFerryBin(args, { cwd });

    expect(run.code).toBe(code);
    expect(run.stderr).toContain(stderr);
    expect(run.stdout).toBe("");
  });

  it("never prints the file behind a symlink into .git", async () => {
    const run = await runFerryBin(["render", join(evil.dir, "evil-symlink-to-git-config")], { cwd: PROJECT });

    expect(run.stderr + run.stdout).not.toContain("repositoryformatversion");
  });

  it.each([
    { name: "the work tree", args: [] as string[], expected: "name: v2-cfg" },
    { name: "a commit", args: ["--ref", "HEAD"], expected: "name: v1-cfg" },
  ])("renders $name with --engine kustomize as kubectl kustomize does", async ({ args, expected }) => {
    const run = await runFerryBin(["render", join(repoDir, "app"), "--engine", "kustomize", ...args], { cwd: PROJECT });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(expected);
    if (args.length === 0) expect(run.stdout).toBe(kustomize(join(repoDir, "app")));
  });

  it.each([
    { name: "refuses --engine kustomize outside git (it renders a copy of the repository, never of the disk)", args: ["render", join(plain, "prod"), "--engine", "kustomize"], env: {}, stderr: "--engine kustomize renders a copy of the git repository" },
    { name: "refuses an unknown engine", args: ["render", join(plain, "prod"), "--engine", "helm"], env: {}, stderr: 'unknown engine "helm"' },
    { name: "says so, and renders nothing, when kustomize is asked for and cannot run", args: ["render", join(repoDir, "app"), "--engine", "kustomize"], env: { FERRY_KUSTOMIZE: "/nonexistent/kustomize" }, stderr: "render.engine is kustomize" },
  ])("$name", async ({ args, env, stderr }) => {
    const run = await runFerryBin(args, { cwd: PROJECT, env });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(stderr);
    expect(run.stdout).toBe("");
  });
});
