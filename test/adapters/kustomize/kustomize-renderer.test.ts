import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDirFileTree } from "../../../src/adapters/git/dir-file-tree.ts";
import { findKustomizeRoots } from "../../../src/adapters/kustomize/find-kustomize-roots.ts";
import { createKustomizeRenderer, kustomizeMessage, readKustomizeCommand } from "../../../src/adapters/kustomize/kustomize-renderer.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";
import type { RenderError } from "../../../src/errors.ts";

// The real `kubectl kustomize` (kustomize v5.5), as every machine here has it.
const EXAMPLE = fileURLToPath(new URL("../../../fixtures/example", import.meta.url));
const kubectl = readKustomizeCommand({ PATH: process.env.PATH });
if (!kubectl) throw new Error("kubectl is not on PATH; the kustomize engine tests need it");
const render = createKustomizeRenderer(kubectl);
const scratch = mkdtempSync(join(tmpdir(), "ferry-kustomize-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n";

describe("the kustomize engine", () => {
  it.each(["production", "staging"])("renders the example's %s exactly as kubectl kustomize does on the checkout", async (env) => {
    const expected = execFileSync("kubectl", ["kustomize", join(EXAMPLE, env)], { encoding: "utf8" });

    const result = await render(openDirFileTree(EXAMPLE), env);

    expect(result.yaml).toBe(expected);
    expect(result.resources.map((r) => r.object.metadata.name)).toEqual(expected.split("\n---\n").map((doc) => /^ {2}name: (\S+)$/m.exec(doc.slice(doc.indexOf("\nmetadata:")))?.[1]));
  });

  it("renders an overlay whose base is elsewhere in the repository, from a tree in memory", async () => {
    const tree = buildMemoryFileTree({ "base/kustomization.yaml": "resources: [cm.yaml]\n", "base/cm.yaml": CM, "prod/kustomization.yaml": "resources: [../base]\nnamePrefix: prod-\n" });

    const result = await render(tree, "prod");

    expect(result.resources).toEqual([{ object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "prod-cfg" }, data: { a: "b" } }, source: { file: "prod/kustomization.yaml" } }]);
  });

  it.each<{ name: string; files: Record<string, string>; message: RegExp }>([
    { name: "refuses Helm (evil-helm-chart)", files: { "evil-helm-chart/kustomization.yaml": "helmCharts:\n- name: x\n  repo: https://charts.example.com\n  version: 1.0.0\n" }, message: /helm/i },
    { name: "refuses an exec plugin (evil-exec-plugin)", files: { "evil-exec-plugin/kustomization.yaml": "transformers: [t.yaml]\n", "evil-exec-plugin/t.yaml": "apiVersion: example.com/v1\nkind: Evil\nmetadata:\n  name: evil\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: /bin/sh\n" }, message: /plugin|exec|function/i },
    { name: "refuses a remote base offline (evil-remote-base)", files: { "evil-remote-base/kustomization.yaml": "resources:\n- https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.5.0\n" }, message: /github\.com/ },
    { name: "refuses a file outside the kustomization (evil-load-restrictor)", files: { "secret.yaml": CM, "evil-load-restrictor/kustomization.yaml": "resources: [../secret.yaml]\n" }, message: /security|restrict|not in or below/i },
    { name: "names a missing directory by its repository path", files: { "a/kustomization.yaml": "resources: [missing]\n" }, message: /missing/ },
  ])("$name", async ({ files, message }) => {
    const dir = Object.keys(files).at(-1)?.split("/")[0] ?? "";

    const error = (await render(buildMemoryFileTree(files), dir).catch((e: unknown) => e)) as RenderError;

    expect(error.code).toBe("render-failed");
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(tmpdir());
  });

  it("stops at the output limit with a render-limit error (evil-huge-output)", async () => {
    const tree = buildMemoryFileTree({ "evil-huge-output/kustomization.yaml": "resources: [cm.yaml]\n", "evil-huge-output/cm.yaml": CM.replace("a: b", `a: ${"x".repeat(10_000)}`) });

    const error = (await render(tree, "evil-huge-output", { maxOutputBytes: 1_000 }).catch((e: unknown) => e)) as RenderError;

    expect(error.code).toBe("render-limit");
    expect(error.message).toContain("more than 1000 bytes");
  });

  it("refuses a tree larger than the render budget before running kustomize", async () => {
    const tree = buildMemoryFileTree({ "a/kustomization.yaml": "resources: [cm.yaml]\n", "a/cm.yaml": CM, "a/other.yaml": CM });

    const error = (await render(tree, "a", { maxFiles: 2 }).catch((e: unknown) => e)) as RenderError;

    expect(error.code).toBe("render-limit");
  });
});

/** Writes a stand-in kustomize binary (a shell script) that records how it was run, then runs `body`. */
function standIn(name: string, body: string): { file: string; record: string } {
  const file = join(scratch, name);
  const record = join(scratch, `${name}.record`);
  writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > ${record}\n/usr/bin/env >> ${record}\n${body}\n`);
  chmodSync(file, 0o755);
  return { file, record };
}

describe("how the kustomize engine runs the binary", () => {
  it("passes the safety flags, an empty PATH and a refusing proxy, and removes the copy afterwards", async () => {
    const { file, record } = standIn("kustomize-ok", "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: x\\n'");
    const renderWith = createKustomizeRenderer({ file, kind: "kustomize", timeoutMs: 30_000 });

    const result = await renderWith(buildMemoryFileTree({ "app/kustomization.yaml": "resources: []\n" }), "app");

    const [command, target, ...rest] = readFileSync(record, "utf8").split("\n");
    expect(result.resources.map((r) => r.object.metadata.name)).toEqual(["x"]);
    expect(command).toBe("build");
    expect(rest.slice(0, 5)).toEqual(["--load-restrictor=LoadRestrictionsRootOnly", "--enable-helm=false", "--enable-alpha-plugins=false", "--network=false", "--enable-exec=false"]);
    expect(rest).toEqual(expect.arrayContaining(["PATH=", "HTTPS_PROXY=http://127.0.0.1:9", "KUBECONFIG=/dev/null"]));
    expect(target).toMatch(/\/repo\/app$/);
    expect(existsSync(target as string)).toBe(false);
  });

  it("kills a render that takes too long and says which limit to raise, removing the copy", async () => {
    const { file, record } = standIn("kustomize-slow", "exec /bin/sleep 30");
    const renderWith = createKustomizeRenderer({ file, kind: "kustomize", timeoutMs: 200 });

    const error = (await renderWith(buildMemoryFileTree({ "app/kustomization.yaml": "resources: []\n" }), "app").catch((e: unknown) => e)) as RenderError;

    expect(error.code).toBe("render-limit");
    expect(error.message).toContain("FERRY_KUSTOMIZE_TIMEOUT_SECONDS");
    expect(existsSync(readFileSync(record, "utf8").split("\n")[1] as string)).toBe(false);
  });
});

describe("readKustomizeCommand", () => {
  const bin = standIn("kustomize", "true").file;

  it.each([
    { name: "uses kubectl from PATH by default", env: { PATH: process.env.PATH }, expected: { kind: "kubectl" } },
    { name: "uses the kustomize binary FERRY_KUSTOMIZE names", env: { PATH: "", FERRY_KUSTOMIZE: bin }, expected: { kind: "kustomize", file: bin } },
    { name: "finds FERRY_KUSTOMIZE on PATH by name", env: { PATH: scratch, FERRY_KUSTOMIZE: "kustomize" }, expected: { kind: "kustomize", file: bin } },
    { name: "reads the timeout in seconds", env: { PATH: process.env.PATH, FERRY_KUSTOMIZE_TIMEOUT_SECONDS: "5" }, expected: { timeoutMs: 5_000 } },
    { name: "keeps the default timeout for a value that is no number", env: { PATH: process.env.PATH, FERRY_KUSTOMIZE_TIMEOUT_SECONDS: "soon" }, expected: { timeoutMs: 60_000 } },
  ])("$name", ({ env, expected }) => {
    const command = readKustomizeCommand(env);

    expect(command).toMatchObject(expected);
  });

  it.each([
    { name: "has none without kubectl on PATH", env: { PATH: scratch + "/nowhere" } },
    { name: "has none when FERRY_KUSTOMIZE names no program", env: { PATH: process.env.PATH, FERRY_KUSTOMIZE: "/nonexistent/kustomize" } },
  ])("$name", ({ env }) => {
    expect(readKustomizeCommand(env)).toBeUndefined();
  });
});

describe("kustomizeMessage", () => {
  it.each([
    { name: "drops kubectl's log prefix and quoting", stderr: 'E1202 15:34:20.288230    7261 run.go:72] "command failed" err="accumulating resources: \\"x\\" missing"\n', expected: 'accumulating resources: "x" missing' },
    { name: "drops the kustomize binary's Error prefix", stderr: "Error: must build at directory\n", expected: "must build at directory" },
    { name: "reads kubectl's long form and leaves out a quoted configuration (it may hold chart values)", stderr: 'E1202 15:45:37.210846   12646 run.go:72] "command failed" err=<\n\ttrouble configuring builtin HelmChartInflationGenerator with config: `\n\tname: x\n\tvalues: {password: hunter2}\n\t`: must specify --enable-helm\n >\n', expected: "trouble configuring builtin HelmChartInflationGenerator with config: (configuration not shown): must specify --enable-helm" },
    { name: "keeps any other text as it is", stderr: "something else\n", expected: "something else" },
  ])("$name", ({ stderr, expected }) => {
    expect(kustomizeMessage(stderr)).toBe(expected);
  });
});

describe("findKustomizeRoots", () => {
  const K = "kustomization.yaml";
  it.each<{ name: string; files: Record<string, string>; path: string; expected: string[] }>([
    { name: "takes the overlay and its base, and leaves other environments out", files: { [`base/${K}`]: "resources: [cm.yaml]\n", "base/cm.yaml": CM, [`prod/${K}`]: "resources: [../base]\n", [`staging/${K}`]: "resources: [../base]\n" }, path: "prod", expected: ["base", "prod"] },
    { name: "follows components and bases of bases, with query strings cut", files: { [`a/${K}`]: "components: [../c]\nresources: [../b?timeout=1]\n", [`b/${K}`]: "bases: [../../d]\nresources: [../e]\n", [`c/${K}`]: "kind: Component\n", [`e/${K}`]: "resources: []\n", [`x/${K}`]: "resources: []\n" }, path: "a", expected: ["a", "b", "c", "e"] },
    { name: "stops on a cycle", files: { [`a/${K}`]: "resources: [../b]\n", [`b/${K}`]: "resources: [../a]\n" }, path: "a", expected: ["a", "b"] },
    { name: "keeps only the outer of nested roots", files: { [K]: "resources: [sub]\n", [`sub/${K}`]: "resources: []\n" }, path: "", expected: [""] },
    { name: "ignores paths that leave the repository (evil-dotdot)", files: { [`a/${K}`]: "resources: [../../../../etc]\n" }, path: "a", expected: ["a"] },
    { name: "copies the directory alone when its kustomization does not parse", files: { [`a/${K}`]: "resources: [\n" }, path: "a", expected: ["a"] },
  ])("$name", async ({ files, path, expected }) => {
    const roots = await findKustomizeRoots(buildMemoryFileTree(files), path);

    expect(roots).toEqual(expected);
  });
});
