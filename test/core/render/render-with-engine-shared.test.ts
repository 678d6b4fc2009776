import { describe, expect, it } from "vitest";
import { renderKustomization, renderWithEngine } from "../../../src/core/render/index.ts";
import type { FileTree } from "../../../src/core/tree/file-tree.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";

const FILES = {
  "app/kustomization.yaml": "resources: [cm.yaml]\nnamePrefix: p-\n",
  "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n",
  "other/kustomization.yaml": "resources: [cm.yaml]\n",
  "other/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n",
};

// Counts reads, and shares renders the way a GitHub tree does (a plain memo).
function countingTree(shared: boolean): FileTree & { reads: number } {
  const inner = buildMemoryFileTree(FILES);
  const memos = new Map<string, Promise<unknown>>();
  const tree = {
    reads: 0,
    stat: (p: string) => inner.stat(p),
    list: (p: string) => inner.list(p),
    read: async (p: string) => {
      tree.reads++;
      return inner.read(p);
    },
    ...(shared && { renders: { memo: <T>(key: string, load: () => Promise<T>) => (memos.get(key) ?? memos.set(key, load()).get(key)) as Promise<T> } }),
  };
  return tree;
}

describe("renderWithEngine shares renders of a tree", () => {
  it.each([
    { name: "renders a tree that shares renders once per path", shared: true, readsAfterSecond: 2 },
    { name: "renders a tree without shared renders every time", shared: false, readsAfterSecond: 4 },
  ])("$name", async ({ shared, readsAfterSecond }) => {
    const tree = countingTree(shared);

    const first = await renderWithEngine({ engine: "builtin", tree, path: "app" });
    const second = await renderWithEngine({ engine: "builtin", tree, path: "app" });

    expect(second.yaml).toBe(first.yaml);
    expect(tree.reads).toBe(readsAfterSecond);
  });

  it("gives the same output as renderKustomization, and renders another path on its own", async () => {
    const tree = countingTree(true);

    const once = await renderWithEngine({ engine: "builtin", tree, path: "app" });
    const other = await renderWithEngine({ engine: "builtin", tree, path: "other" });

    expect(once.yaml).toBe((await renderKustomization(buildMemoryFileTree(FILES), "app")).yaml);
    expect(other.yaml).toContain("name: cfg");
  });
});
