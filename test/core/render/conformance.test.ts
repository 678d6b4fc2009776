/**
 * Conformance: every case under fixtures/render/<case>/ is built by Ferry and by
 * `kubectl kustomize` (kustomize v5.5), and the bytes must be identical. A case holds
 * `input/` (a repository), optionally `path.txt` (the directory to build inside it,
 * default the input root) and either `expected.yaml` (kustomize's output, a reviewed
 * golden) or `expect-error.txt` (both must fail; Ferry's message contains the text).
 * `expected-error.txt` holds kubectl's message instead: both must fail.
 * `limits.json` passes render limits to Ferry; `ferry-only.txt` says why kubectl is not
 * consulted (Ferry's extensions and limits, which kustomize does not have).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderKustomization } from "../../../src/core/render/render-kustomization.ts";
import { readDirTree } from "../../support/read-dir-tree.ts";

const casesDir = fileURLToPath(new URL("../../../fixtures/render/", import.meta.url));

interface Case {
  readonly name: string;
  readonly dir: string;
  readonly path: string;
  readonly expectError: string | undefined;
  readonly ferryOnly: boolean;
  readonly limits: Record<string, number>;
}

function listCases(): Case[] {
  if (!existsSync(casesDir)) return [];
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(casesDir, name);
      const pathFile = join(dir, "path.txt");
      const errorFile = join(dir, "expect-error.txt");
      // `expected-error.txt` records kubectl's own message: both must fail, Ferry in its own words.
      const kubectlErrorFile = join(dir, "expected-error.txt");
      return {
        name,
        dir,
        path: existsSync(pathFile) ? readFileSync(pathFile, "utf8").trim() : "",
        expectError: existsSync(errorFile) ? readFileSync(errorFile, "utf8").trim() : existsSync(kubectlErrorFile) ? "" : undefined,
        ferryOnly: existsSync(join(dir, "ferry-only.txt")),
        limits: existsSync(join(dir, "limits.json")) ? (JSON.parse(readFileSync(join(dir, "limits.json"), "utf8")) as Record<string, number>) : {},
      };
    });
}

function kustomize(dir: string): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("kubectl", ["kustomize", dir], { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, stdout, stderr });
    });
  });
}

async function ferry(c: Case): Promise<{ ok: true; yaml: string } | { ok: false; message: string }> {
  try {
    const result = await renderKustomization(readDirTree(join(c.dir, "input")), c.path, c.limits);
    return { ok: true, yaml: result.yaml };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const cases = listCases();

describe("kustomize conformance", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.filter((c) => c.expectError === undefined && !c.ferryOnly))("builds $name exactly as kubectl kustomize does", async (c) => {
    const [ours, theirs] = await Promise.all([ferry(c), kustomize(join(c.dir, "input", c.path))]);

    expect(theirs.stderr.replace(/^# Warning:.*\n?/gm, ""), "kubectl kustomize failed").toBe("");
    expect(ours.ok ? ours.yaml : ours.message).toBe(theirs.stdout);
    const golden = join(c.dir, "expected.yaml");
    if (existsSync(golden)) expect(theirs.stdout, "expected.yaml is stale; regenerate it with kubectl kustomize").toBe(readFileSync(golden, "utf8"));
  });

  it.each(cases.filter((c) => c.expectError === undefined && c.ferryOnly))("builds $name (a Ferry extension) as its golden says", async (c) => {
    const ours = await ferry(c);

    expect(ours.ok ? ours.yaml : ours.message).toBe(readFileSync(join(c.dir, "expected.yaml"), "utf8"));
  });

  it.each(cases.filter((c) => c.expectError !== undefined && c.ferryOnly))("rejects $name (beyond Ferry's limits)", async (c) => {
    const ours = await ferry(c);

    expect(ours.ok ? "rendered without error" : ours.message).toContain(c.expectError);
  });

  it.each(cases.filter((c) => c.expectError !== undefined && !c.ferryOnly))("rejects $name like kubectl kustomize does", async (c) => {
    const [ours, theirs] = await Promise.all([ferry(c), kustomize(join(c.dir, "input", c.path))]);

    expect(theirs.ok, "kubectl kustomize unexpectedly succeeded").toBe(false);
    expect(ours.ok ? "rendered without error" : ours.message).toContain(c.expectError);
  });
});
