import { afterEach, describe, expect, it } from "vitest";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BlobCache, openGitFileTree } from "../../../src/adapters/git/index.ts";
import { createTestRepo, type TestRepo } from "../../support/git-repo.ts";

describe("openGitFileTree", () => {
  let repo: TestRepo;
  afterEach(() => repo?.remove());

  it("lists and reads the files of one commit, not the work tree", async () => {
    repo = createTestRepo();
    const first = repo.commit({ "base/kustomization.yaml": "resources: [a.yaml]\n", "base/a.yaml": "kind: A\n", "README.md": "hi\n" });
    repo.commit({ "base/a.yaml": "kind: B\n" });

    const tree = await openGitFileTree({ repoDir: repo.dir, ref: first });

    expect(tree.commit).toBe(first);
    expect(tree.list("")).toEqual(["README.md", "base"]);
    expect(tree.list("base")).toEqual(["a.yaml", "kustomization.yaml"]);
    expect(tree.stat("base")).toEqual({ type: "dir" });
    expect(tree.stat("base/a.yaml")).toEqual({ type: "file", size: 8 });
    expect(tree.stat("missing")).toBeUndefined();
    expect(await tree.read("base/a.yaml")).toBe("kind: A\n");
    tree.close();
  });

  it("reads a blob shared by two commits once, through the shared cache", async () => {
    repo = createTestRepo();
    const a = repo.commit({ "x.yaml": "same\n", "y.yaml": "one\n" });
    const b = repo.commit({ "y.yaml": "two\n" });
    const cache = new BlobCache();

    const [ta, tb] = await Promise.all([openGitFileTree({ repoDir: repo.dir, ref: a, cache }), openGitFileTree({ repoDir: repo.dir, ref: b, cache })]);
    const texts = await Promise.all([ta.read("x.yaml"), ta.read("y.yaml"), tb.read("x.yaml"), tb.read("y.yaml")]);

    expect(texts).toEqual(["same\n", "one\n", "same\n", "two\n"]);
    expect(cache.stats).toEqual({ hits: 1, misses: 3 });
    ta.close();
    tb.close();
  });

  it("reads many files in order through one pipelined process", async () => {
    repo = createTestRepo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`m/${String(i).padStart(3, "0")}.yaml`] = `n: ${i}\n${"x".repeat(i * 37)}\n`;
    repo.commit(files);

    const tree = await openGitFileTree({ repoDir: repo.dir, ref: "main" });
    const read = await Promise.all(Object.keys(files).map((p) => tree.read(p)));

    expect(read).toEqual(Object.values(files));
    tree.close();
  });

  it("reads a binary file's exact bytes, which text reads would mangle", async () => {
    repo = createTestRepo();
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x0a]);
    writeFileSync(join(repo.dir, "logo.png"), bytes);
    repo.commit({});

    const tree = await openGitFileTree({ repoDir: repo.dir, ref: "HEAD" });

    expect(Buffer.from(await tree.readBytes!("logo.png"))).toEqual(Buffer.from(bytes));
    tree.close();
  });

  it("refuses symlinks that leave the commit, so nothing outside it can be read", async () => {
    repo = createTestRepo();
    symlinkSync("/etc/passwd", join(repo.dir, "evil-link.yaml"));
    symlinkSync("../../outside.yaml", join(repo.dir, "up.yaml"));
    repo.commit({ "ok.yaml": "a: 1\n" });

    const tree = await openGitFileTree({ repoDir: repo.dir, ref: "HEAD" });

    expect(tree.list("")).toEqual(["ok.yaml"]);
    expect(tree.realPath?.("evil-link.yaml")).toBeUndefined();
    await expect(tree.read("evil-link.yaml")).rejects.toThrow(/is a symlink that leads outside the repository's files/);
    await expect(tree.read("up.yaml")).rejects.toThrow(/is a symlink that leads outside the repository's files/);
    tree.close();
  });

  it("follows symlinks to files and directories of the commit, as a checkout would", async () => {
    repo = createTestRepo();
    repo.commit({ "shared/cm.yaml": "kind: ConfigMap\n" });
    symlinkSync("shared", join(repo.dir, "app-shared"));
    symlinkSync("shared/cm.yaml", join(repo.dir, "cm.yaml"));
    repo.commit({});

    const tree = await openGitFileTree({ repoDir: repo.dir, ref: "HEAD" });

    expect(tree.list("")).toEqual(["app-shared", "cm.yaml", "shared"]);
    expect(tree.stat("cm.yaml")).toEqual({ type: "file", size: 16 });
    expect(await tree.read("cm.yaml")).toBe("kind: ConfigMap\n");
    expect(tree.realPath?.("cm.yaml")).toBe("shared/cm.yaml");
    expect(tree.list("app-shared")).toEqual(["cm.yaml"]);
    expect(tree.stat("app-shared")).toEqual({ type: "dir" });
    tree.close();
  });

  it.each([
    { name: "an unknown branch", ref: "nope" },
    { name: "an option-looking ref", ref: "--output=/tmp/x" },
  ])("rejects $name with ref-not-found", async ({ ref }) => {
    repo = createTestRepo();
    repo.commit({ "a.yaml": "a: 1\n" });

    await expect(openGitFileTree({ repoDir: repo.dir, ref })).rejects.toMatchObject({ code: "ref-not-found" });
  });
});
