/**
 * Hostile repositories with symlinks, rendered from a real checkout (git CLI in a temp
 * dir) through the directory tree and through the commit's git tree, next to `kubectl
 * kustomize` on the same checkout. A link that leads out of the kustomization's
 * directory is refused as kustomize refuses it; one into `.git` or out of the
 * repository is refused even where kustomize would follow it (the repository root),
 * and the remote's credentials in `.git/config` never reach the output or the error.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDirFileTree, openGitFileTree } from "../../../src/adapters/git/index.ts";
import { renderKustomization } from "../../../src/core/render/render-kustomization.ts";
import { createTestRepo, type TestRepo } from "../../support/git-repo.ts";

const SECRET = "ghp_evilSymlinkToken123";
const outside = mkdtempSync(join(tmpdir(), "ferry-evil-outside-"));
writeFileSync(join(outside, "stolen.yaml"), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\ndata:\n  token: ${SECRET}\n`);
const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.remove();
  rmSync(outside, { recursive: true, force: true });
});

const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n";

interface Case {
  readonly name: string;
  /** Directory to build, inside the repository. */
  readonly dir: string;
  readonly files: Record<string, string>;
  /** Link path → target (relative targets as written; "$OUTSIDE" is a directory outside the repository). */
  readonly links: Record<string, string>;
  /** Whether kustomize itself refuses the build. */
  readonly kustomizeRefuses: boolean;
}

const CASES: Case[] = [
  {
    name: "evil-symlink-to-git-config-at-root",
    dir: "",
    files: { "kustomization.yaml": "configMapGenerator:\n- name: c\n  files: [config]\n" },
    links: { config: ".git/config" },
    kustomizeRefuses: false,
  },
  {
    name: "evil-symlink-to-git-config-from-overlay",
    dir: "app",
    files: { "app/kustomization.yaml": "configMapGenerator:\n- name: c\n  files: [config]\n" },
    links: { "app/config": "../.git/config" },
    kustomizeRefuses: true,
  },
  {
    name: "evil-symlink-resource-outside-repository",
    dir: "app",
    files: { "app/kustomization.yaml": "resources: [stolen.yaml]\n" },
    links: { "app/stolen.yaml": "$OUTSIDE/stolen.yaml" },
    kustomizeRefuses: true,
  },
  {
    name: "evil-symlinked-directory-outside-repository",
    dir: "app",
    files: { "app/kustomization.yaml": "resources: [vendor/stolen.yaml]\n" },
    links: { "app/vendor": "$OUTSIDE" },
    kustomizeRefuses: true,
  },
  {
    name: "evil-symlink-patch-to-sibling-directory",
    dir: "app",
    files: { "app/kustomization.yaml": "resources: [cm.yaml]\npatches:\n- path: patch.yaml\n", "app/cm.yaml": CM, "other/patch.yaml": `${CM}data:\n  from: other\n` },
    links: { "app/patch.yaml": "../other/patch.yaml" },
    kustomizeRefuses: true,
  },
];

function makeRepo(c: Case): TestRepo {
  const repo = createTestRepo();
  repos.push(repo);
  repo.git("remote", "add", "origin", `https://ferry:${SECRET}@github.example/acme/config.git`);
  for (const [path, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
    writeFileSync(join(repo.dir, path), text);
  }
  for (const [path, target] of Object.entries(c.links)) symlinkSync(target.replace("$OUTSIDE", outside), join(repo.dir, path));
  repo.git("add", "-A");
  repo.git("commit", "-q", "-m", "evil");
  return repo;
}

function kustomize(dir: string): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile("kubectl", ["kustomize", dir], { timeout: 60_000 }, (error, stdout, stderr) => resolve({ ok: error === null, out: stdout + stderr }));
  });
}

async function outcome(render: () => Promise<{ yaml: string }>): Promise<{ ok: boolean; text: string }> {
  try {
    return { ok: true, text: (await render()).yaml };
  } catch (error) {
    return { ok: false, text: error instanceof Error ? error.message : String(error) };
  }
}

describe("symlinks in a checkout", () => {
  it.each(CASES)("$name is refused by Ferry without showing the secret", async (c) => {
    const repo = makeRepo(c);

    const fromDisk = await outcome(() => renderKustomization(openDirFileTree(repo.dir), c.dir));
    const gitTree = await openGitFileTree({ repoDir: repo.dir, ref: "HEAD" });
    const fromCommit = await outcome(() => renderKustomization(gitTree, c.dir));
    gitTree.close();
    const oracle = await kustomize(join(repo.dir, c.dir));

    expect(fromDisk.ok, fromDisk.text).toBe(false);
    expect(fromCommit.ok, fromCommit.text).toBe(false);
    expect(fromDisk.text + fromCommit.text).not.toContain(SECRET);
    expect(oracle.ok).toBe(!c.kustomizeRefuses);
  });

  it("refuses a link into .git with a message that says why", async () => {
    const repo = makeRepo(CASES[0]!);

    const result = await outcome(() => renderKustomization(openDirFileTree(repo.dir), ""));

    expect(result.text).toContain(`"config" (named in "kustomization.yaml") is a symlink that leads outside the repository's files`);
  });

  it("refuses a link out of the kustomization's directory as kustomize's load restrictor does", async () => {
    const repo = makeRepo(CASES[4]!);

    const result = await outcome(() => renderKustomization(openDirFileTree(repo.dir), "app"));

    expect(result.text).toContain(`"app/patch.yaml" (a symlink to "other/patch.yaml") (named in "app/kustomization.yaml") is outside "app"`);
  });

  it("follows links that stay inside the kustomization's directory, from disk and from the commit, as kustomize does", async () => {
    const c: Case = {
      name: "link-inside",
      dir: "app",
      files: { "app/kustomization.yaml": "resources: [linked.yaml, base]\n", "app/real/cm.yaml": CM, "shared/kustomization.yaml": "resources: [cm.yaml]\n", "shared/cm.yaml": CM.replace("name: app", "name: shared") },
      links: { "app/linked.yaml": "real/cm.yaml", "app/base": "../shared" },
      kustomizeRefuses: false,
    };
    const repo = makeRepo(c);

    const fromDisk = await outcome(() => renderKustomization(openDirFileTree(repo.dir), "app"));
    const gitTree = await openGitFileTree({ repoDir: repo.dir, ref: "HEAD" });
    const fromCommit = await outcome(() => renderKustomization(gitTree, "app"));
    gitTree.close();
    const oracle = await kustomize(join(repo.dir, "app"));

    expect(fromDisk).toEqual({ ok: true, text: oracle.out });
    expect(fromCommit).toEqual({ ok: true, text: oracle.out });
  });
});

describe("a plain manifest directory (no kustomization) walked from disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "ferry-evil-loop-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a directory reached again through a link once (evil-symlink-loop: X11 → .)", async () => {
    mkdirSync(join(dir, "loop"));
    writeFileSync(join(dir, "loop/cm.yaml"), CM);
    symlinkSync(".", join(dir, "loop/X11"));

    const result = await renderKustomization(openDirFileTree(dir), "loop");

    expect(result.resources.map((r) => r.object.metadata.name)).toEqual(["app"]);
  });

  it("refuses a directory with more files and directories than the file limit, naming the fix", async () => {
    mkdirSync(join(dir, "big"));
    for (let i = 0; i < 30; i++) mkdirSync(join(dir, "big", `d${i}`));

    await expect(renderKustomization(openDirFileTree(dir), "big", { maxFiles: 20 })).rejects.toThrow(/"big" has no kustomization and holds more than 20 files and directories.*point Ferry at a kustomization directory/);
  });
});
