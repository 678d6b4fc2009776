import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifests, serializeManifests } from "../../../src/core/manifest/index.ts";

// Round trip through Ferry must print exactly what `kubectl kustomize` prints for a
// kustomization whose only resource is the case file; when kubectl fails, Ferry must fail.
const run = promisify(execFile);
const FIXTURES = join(import.meta.dirname, "../../../fixtures/yaml");

interface Case {
  name: string;
  text: () => Promise<Buffer>;
}

// kubectl spends minutes and gigabytes expanding a billion-laughs document before it
// gives up, so for these cases Ferry is only checked to refuse quickly with a limit error.
const KUBECTL_CANNOT_COPE = new Set(["evil-billion-laughs"]);

async function listCases(): Promise<Case[]> {
  const files = (await readdir(FIXTURES)).filter((f) => f.endsWith(".yaml")).sort();
  const cases: Case[] = files.map((f) => ({ name: f.replace(/\.yaml$/, ""), text: () => readFile(join(FIXTURES, f)) }));
  // Generated rather than committed: 10 MB does not belong in the repository.
  cases.push({
    name: "evil-10mb-scalar",
    text: async () => Buffer.from(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  big: ${"0123456789abcdef ".repeat(10 * 1024 * 1024 / 17)}end\n`),
  });
  return cases;
}

async function kubectlKustomize(dir: string): Promise<{ ok: true; out: string } | { ok: false }> {
  try {
    const { stdout } = await run("kubectl", ["kustomize", dir], { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
    return { ok: true, out: stdout };
  } catch {
    return { ok: false };
  }
}

function ferry(bytes: Buffer): { ok: true; out: string } | { ok: false; error: unknown } {
  try {
    return { ok: true, out: serializeManifests(parseManifests(bytes.toString("utf8"), "x.yaml").map((m) => m.object)) };
  } catch (error) {
    return { ok: false, error };
  }
}

const cases = await listCases();
let work = "";
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "ferry-yaml-golden-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("parse + serialize against kubectl kustomize", () => {
  it.each(cases.filter((c) => KUBECTL_CANNOT_COPE.has(c.name)))("$name fails with a render limit instead of expanding", async ({ text }) => {
    const bytes = await text();

    const got = ferry(bytes);

    expect(got.ok).toBe(false);
    expect(got.ok ? undefined : (got.error as { code?: string }).code).toBe("render-limit");
  });

  it.each(cases.filter((c) => !KUBECTL_CANNOT_COPE.has(c.name)))("$name prints what kubectl kustomize prints", async ({ name, text }) => {
    const dir = join(work, name);
    const bytes = await text();
    await run("mkdir", ["-p", dir]);
    await writeFile(join(dir, `${name}.yaml`), bytes);
    await writeFile(join(dir, "kustomization.yaml"), `resources: [${name}.yaml]\n`);

    const [want, got] = [await kubectlKustomize(dir), ferry(bytes)];

    if (want.ok) expect(got).toEqual({ ok: true, out: want.out });
    else expect(got.ok, `kubectl fails on ${name}, so Ferry must too`).toBe(false);
  });

  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});
