import { describe, expect, it } from "vitest";
import type { JsonValue, KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";
import { computeNameHash, generateResource, mergeGeneratedResource } from "../../../src/core/render/generate-resource.ts";
import { parseEnvFile } from "../../../src/core/render/parse-generator-sources.ts";
import { RenderError } from "../../../src/errors.ts";

const tree = buildMemoryFileTree({
  "app/a.env": 'KEY1=v1\nKEY2="quoted"\nKEY3\nKEY4= spaced \n',
  "app/f.txt": "hello\n",
  "secret.txt": "s3cret",
});
const file = "app/kustomization.yaml";

// Names and hashes below are what kubectl kustomize 5.5 printed for the same input.
describe("computeNameHash", () => {
  it.each([
    { name: "hashes a ConfigMap by kind, name and data", obj: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gen" }, data: { a: "2", b: "1" } }, hash: "k7h699bkmc" },
    { name: "hashes merged generator data", obj: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gen" }, data: { a: "2", b: "1", c: "3" } }, hash: "bt9994gf5d" },
    { name: "hashes a Secret with its type", obj: { apiVersion: "v1", kind: "Secret", metadata: { name: "p-sec" }, type: "other", data: { a: "MQ==", b: "Mg==" } }, hash: "h6t98477gc" },
  ])("$name", ({ obj, hash }) => {
    expect(computeNameHash(obj as unknown as KubeObject)).toBe(hash);
  });
});

describe("generateResource", () => {
  it("builds a ConfigMap from envs, literals and files as kustomize does", async () => {
    const spec = { name: "cm", namespace: "nsx", envs: ["a.env"], literals: ['L1="q"', "L2='x'"], files: ["f.txt", "k2=f.txt"], options: { labels: { b: "1", a: "2" }, annotations: { z: "x" } } };

    const res = await generateResource({ tree, dir: "app", file, kind: "ConfigMap", spec });

    expect(res.obj).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cm", namespace: "nsx", labels: { a: "2", b: "1" }, annotations: { z: "x" } },
      data: { KEY1: "v1", KEY2: '"quoted"', KEY3: "", KEY4: " spaced ", L1: "q", L2: "x", "f.txt": "hello\n", k2: "hello\n" },
    });
    expect(res.generator).toEqual({ behavior: "create", hashSuffix: true });
  });

  it.each(["upsert", "Merge", "", " merge"])("reads the behavior %j as create, as kustomize reads an unknown one", async (behavior) => {
    const res = await generateResource({ tree, dir: "app", file, kind: "ConfigMap", spec: { name: "x", behavior, literals: ["a=1"] } });

    expect(res.generator?.behavior).toBe("create");
  });

  it("base64-encodes Secret data, wrapping long values at 70 columns with a newline per line", async () => {
    const long = "a".repeat(85);

    const res = await generateResource({ tree, dir: "app", file, kind: "Secret", spec: { name: "s", literals: [`p=${long}`, "q=x"], type: "kubernetes.io/tls" } });

    expect(res.obj).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      type: "kubernetes.io/tls",
      data: { p: "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYW\nFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYQ==\n", q: "eA==" },
    });
  });

  it("merges generatorOptions under local options", async () => {
    const res = await generateResource({ tree, dir: "app", file, kind: "ConfigMap", spec: { name: "c", literals: ["a=1"], options: { labels: { x: "local" } } }, generatorOptions: { labels: { x: "global", y2: "g" }, disableNameSuffixHash: true, immutable: true } });

    expect(res.obj).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", labels: { x: "local", y2: "g" } }, data: { a: "1" }, immutable: true });
    expect(res.generator?.hashSuffix).toBe(false);
  });

  it.each([
    { name: "a file outside the kustomization directory (load restrictor)", spec: { name: "x", files: ["../secret.txt"] } },
    { name: "an absolute file path", spec: { name: "x", files: ["/etc/passwd"] } },
    { name: "a missing file", spec: { name: "x", files: ["nope.txt"] } },
    { name: "a repeated key", spec: { name: "x", literals: ["a=1", "a=2"] } },
    { name: "an invalid key", spec: { name: "x", literals: ["a b=1"] } },
    { name: "a literal without =", spec: { name: "x", literals: ["novalue"] } },
    { name: "a missing name", spec: { literals: ["a=1"] } },
    { name: "an unknown field", spec: { name: "x", literal: ["a=1"] } },
    { name: "a behavior that is not a string", spec: { name: "x", behavior: 3 } },
    { name: "a file source with two =", spec: { name: "x", files: ["a=b=c"] } },
  ])("rejects $name", async ({ spec }) => {

    await expect(generateResource({ tree, dir: "app", file, kind: "ConfigMap", spec: spec as unknown as JsonValue })).rejects.toThrow(RenderError);
  });
});

describe("parseEnvFile", () => {
  it.each([
    { name: "skips comments and blank lines", text: "# c\n\n  \nA=1\n", pairs: [{ key: "A", value: "1" }] },
    { name: "keeps everything after the first =", text: "A=b=c\n", pairs: [{ key: "A", value: "b=c" }] },
    { name: "drops a BOM and CRLF", text: "\uFEFFA=1\r\nB=2\r\n", pairs: [{ key: "A", value: "1" }, { key: "B", value: "2" }] },
    { name: "reads a last line without newline", text: "A=1\nB", pairs: [{ key: "A", value: "1" }, { key: "B", value: "" }] },
  ])("$name", ({ text, pairs }) => {
    expect(parseEnvFile(text, "x.env")).toEqual(pairs);
  });

  it("rejects an export prefix", () => {
    expect(() => parseEnvFile("export A=1\n", "x.env")).toThrow(RenderError);
  });
});

describe("mergeGeneratedResource", () => {
  const existing = { obj: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "p-gen", labels: { x: "base", w: "base" } }, data: { a: "2", b: "1" } } as unknown as KubeObject, source: "base/kustomization.yaml", history: [{ name: "gen", namespace: undefined }], generator: { behavior: "create" as const, hashSuffix: true } };
  const generated = { obj: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gen", labels: { w: "ov" } }, data: { c: "3", a: "9" } } as unknown as KubeObject, source: "ov/kustomization.yaml", history: [], generator: { behavior: "merge" as const, hashSuffix: false } };

  it("merges data and labels, keeps the existing name, and hashes only when both did", () => {
    const out = mergeGeneratedResource(existing, generated, "merge");

    expect(out.obj).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "p-gen", labels: { x: "base", w: "ov" } }, data: { a: "9", b: "1", c: "3" } });
    expect(out.generator?.hashSuffix).toBe(false);
    expect(out.history).toEqual(existing.history);
  });

  it("replaces data but still merges labels", () => {
    const out = mergeGeneratedResource(existing, { ...generated, generator: { behavior: "replace", hashSuffix: true } }, "replace");

    expect(out.obj.data).toEqual({ c: "3", a: "9" });
    expect(out.obj.metadata.labels).toEqual({ x: "base", w: "ov" });
    expect(out.generator?.hashSuffix).toBe(true);
  });
});
