import { describe, expect, it } from "vitest";
import { renderKustomization } from "../../../src/core/render/render-kustomization.ts";
import { splitImage } from "../../../src/core/render/transform-images.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";
import { RenderError } from "../../../src/errors.ts";

const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;
const svc = (name: string): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n  - port: 80\n`;

describe("renderKustomization", () => {
  it("gives identical output whatever order the resources are listed in", async () => {
    const docs = [cm("b"), svc("a"), cm("a"), svc("c")];
    const forward = buildMemoryFileTree({ "k/kustomization.yaml": "resources: [r.yaml]\n", "k/r.yaml": docs.join("---\n") });
    const shuffled = buildMemoryFileTree({ "k/kustomization.yaml": "resources: [r.yaml]\n", "k/r.yaml": [...docs].reverse().join("---\n") });

    const [a, b] = await Promise.all([renderKustomization(forward, "k"), renderKustomization(shuffled, "k")]);

    expect(a.yaml).toBe(b.yaml);
  });

  it("reports the source file of every rendered object", async () => {
    const tree = buildMemoryFileTree({ "app/kustomization.yaml": "resources: [../base]\n", "base/kustomization.yaml": "resources: [cm.yaml]\n", "base/cm.yaml": cm("x") });

    const result = await renderKustomization(tree, "app");

    expect(result.resources.map((r) => [r.object.metadata.name, r.source.file])).toEqual([["x", "base/cm.yaml"]]);
  });

  it.each<{ name: string; files: Record<string, string>; path: string; message: string }>([
    { name: "a path that leaves the repository", files: { "a/kustomization.yaml": "resources: [cm.yaml]\n" }, path: "../x", message: "leaves the repository" },
    { name: "a path that is not a directory", files: { "a/kustomization.yaml": "resources: [cm.yaml]\n" }, path: "nope", message: "is not a directory" },
    { name: "a secretGenerator reading a file outside its kustomization", files: { "a/kustomization.yaml": "secretGenerator:\n- name: s\n  files:\n  - ../secret.txt\n", "secret.txt": "x" }, path: "a", message: "../secret.txt" },
    { name: "an openapi version kustomize does not have", files: { "a/kustomization.yaml": "openapi:\n  version: v1.30.0\n" }, path: "a", message: 'openapi version "v1.30.0" in "a/kustomization.yaml" is not built into kustomize' },
  ])("rejects $name", async ({ files, path, message }) => {
    const tree = buildMemoryFileTree(files);

    const result = renderKustomization(tree, path);

    await expect(result).rejects.toBeInstanceOf(RenderError);
    await expect(result).rejects.toThrow(message);
  });

  it("stops at the file limit", async () => {
    const tree = buildMemoryFileTree({ "k/kustomization.yaml": "resources: [a.yaml, b.yaml]\n", "k/a.yaml": cm("a"), "k/b.yaml": cm("b") });

    await expect(renderKustomization(tree, "k", { maxFiles: 2 })).rejects.toMatchObject({ code: "render-limit" });
  });
});

describe("splitImage", () => {
  it.each([
    { name: "a bare name", image: "nginx", expected: { name: "nginx", tag: "", digest: "" } },
    { name: "a tag", image: "nginx:1.25", expected: { name: "nginx", tag: "1.25", digest: "" } },
    { name: "a registry port and a tag", image: "reg:5000/app:v1", expected: { name: "reg:5000/app", tag: "v1", digest: "" } },
    { name: "a digest", image: "app@sha256:abc", expected: { name: "app", tag: "", digest: "sha256:abc" } },
    { name: "a tag and a digest", image: "app:1@sha256:abc", expected: { name: "app", tag: "1", digest: "sha256:abc" } },
  ])("splits $name", ({ image, expected }) => {
    expect(splitImage(image)).toEqual(expected);
  });
});
