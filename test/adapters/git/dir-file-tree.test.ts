import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDirFileTree, toTreePath } from "../../../src/adapters/git/dir-file-tree.ts";

const root = mkdtempSync(join(tmpdir(), "ferry-dir-tree-"));
const outside = mkdtempSync(join(tmpdir(), "ferry-dir-outside-"));
mkdirSync(join(root, "app"));
writeFileSync(join(root, "app", "cm.yaml"), "kind: ConfigMap\n");
writeFileSync(join(outside, "secret.txt"), "do not read\n");
symlinkSync(join(outside, "secret.txt"), join(root, "app", "escape.yaml"));
symlinkSync(join(root, "app", "cm.yaml"), join(root, "app", "inside.yaml"));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe("openDirFileTree", () => {
  it("lists files and symlinks that stay inside the root, not ones that leave it", () => {
    const tree = openDirFileTree(root);

    expect(tree.list("app")).toEqual(["cm.yaml", "inside.yaml"]);
  });

  it("refuses to read a symlink leaving the root, saying why", async () => {
    const tree = openDirFileTree(root);

    expect(tree.stat("app/escape.yaml")).toEqual({ type: "file", size: 0 });
    expect(tree.realPath?.("app/escape.yaml")).toBeUndefined();
    await expect(tree.read("app/escape.yaml")).rejects.toThrow("is a symlink that leads outside the repository's files");
  });

  it("reads files with their sizes", async () => {
    const tree = openDirFileTree(root);

    expect(tree.stat("app/cm.yaml")).toEqual({ type: "file", size: 16 });
    expect(await tree.read("app/inside.yaml")).toBe("kind: ConfigMap\n");
    expect(tree.realPath?.("app/inside.yaml")).toBe("app/cm.yaml");
  });

  it("refuses text that is not UTF-8, naming the file and the byte", async () => {
    writeFileSync(join(root, "app", "latin1.yaml"), Buffer.from("data: caf\xe9\n", "latin1"));
    const tree = openDirFileTree(root);

    await expect(tree.read("app/latin1.yaml")).rejects.toThrow(`"app/latin1.yaml" is not valid UTF-8 (byte 9)`);
  });

  it.each([
    { name: "a relative path inside", path: "app", expected: "app" },
    { name: "the root itself", path: ".", expected: "" },
    { name: "a path outside", path: "../elsewhere", expected: undefined },
  ])("maps $name to a tree path", ({ path, expected }) => {
    expect(toTreePath(root, root, path)).toBe(expected);
  });
});
