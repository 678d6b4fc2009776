import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FERRY_BIN, runFerryBin } from "../support/run-ferry-bin.ts";

const PROJECT = fileURLToPath(new URL("../..", import.meta.url));
const STACK_TRACE = /Error|\n\s+at /;

// A directory whose render prints far more than a pipe holds (about 1 MB), so a reader
// that stops after one line leaves the writer with a closed pipe.
const big = mkdtempSync(join(tmpdir(), "ferry-bin-big-"));
const configMaps = Array.from({ length: 4000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  value: ${"x".repeat(200)}\n`);
writeFileSync(join(big, "cms.yaml"), configMaps.join("---\n"));
writeFileSync(join(big, "kustomization.yaml"), "resources: [cms.yaml]\n");
const layouts: string[] = [];
afterAll(() => {
  rmSync(big, { recursive: true, force: true });
  for (const dir of layouts) rmSync(dir, { recursive: true, force: true });
});

/** Runs a shell pipeline and returns the exit status of each command in it and the stderr. */
function pipeline(script: string): Promise<{ statuses: number[]; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", `${script}; echo "\${PIPESTATUS[*]}"`], { cwd: PROJECT, encoding: "utf8" }, (_error, stdout, stderr) => {
      const last = stdout.trimEnd().split("\n").at(-1) ?? "";
      resolve({ statuses: last.split(" ").map(Number), stderr });
    });
  });
}

describe("bin/ferry.mjs", () => {
  it.each([
    { name: "prints the usage for help and exits 0", args: ["help"], code: 0, stdout: /^usage:\n {2}ferry render DIR/ },
    { name: "prints the usage and exits 2 without a command", args: [], code: 2, stdout: /^usage:/ },
    { name: "exits 2 on an unknown command", args: ["frobnicate"], code: 2, stdout: /^$/ },
  ])("$name", async ({ args, code, stdout }) => {
    const run = await runFerryBin(args, { cwd: tmpdir() });

    expect(run.code).toBe(code);
    expect(run.stdout).toMatch(stdout);
  });

  // Whether the reader is gone before ferry writes is a race, so each case allows both
  // outcomes: ferry's own status (the write went through) or 141 (EPIPE). An EPIPE that
  // escaped as an exception would end with status 1 and a stack trace.
  it.each([
    { name: "a render whose reader stops after one line", command: `node ${FERRY_BIN} render ${big} | head -1 >/dev/null`, statuses: [0, 141] },
    { name: "a render whose reader stops after one byte", command: `node ${FERRY_BIN} render ${big} | head -c 1 >/dev/null`, statuses: [0, 141] },
    { name: "help into a reader that never reads", command: `node ${FERRY_BIN} help | true`, statuses: [0, 141] },
    { name: "an error message into a closed stderr pipe", command: `node ${FERRY_BIN} render /nonexistent 2>&1 >/dev/null | true`, statuses: [2, 141] },
  ])("ends $name quietly", async ({ command, statuses: allowed }) => {
    const { statuses, stderr } = await pipeline(command);

    expect(allowed).toContain(statuses[0]);
    expect(stderr).not.toMatch(STACK_TRACE);
  });

  it("ends with status 141 when the reader closes the pipe in the middle of the output", async () => {
    const { statuses } = await pipeline(`node ${FERRY_BIN} render ${big} | head -c 1 >/dev/null`);

    expect(statuses).toEqual([141, 0]);
  });
});

/** Lays out a copy of the package (bin/, src/, node_modules/ and dist/ as asked) in a temp dir. */
function layout(parts: { dist: "built" | "missing"; srcNewer?: boolean; tsx: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), "ferry-bin-layout-"));
  layouts.push(dir);
  mkdirSync(join(dir, "bin"));
  copyFileSync(FERRY_BIN, join(dir, "bin", "ferry.mjs"));
  copyFileSync(join(PROJECT, "package.json"), join(dir, "package.json"));
  cpSync(join(PROJECT, "src"), join(dir, "src"), { recursive: true });
  if (parts.dist === "built") cpSync(join(PROJECT, "dist"), join(dir, "dist"), { recursive: true });
  // Without tsx the package has no node_modules at all, as a production install has no dev dependencies.
  if (parts.tsx) symlinkSync(join(PROJECT, "node_modules"), join(dir, "node_modules"));
  const sources = new Date("2020-01-01T00:00:00Z");
  const build = new Date("2021-01-01T00:00:00Z");
  for (const file of readdirSync(join(dir, "src"), { recursive: true, encoding: "utf8" })) utimesSync(join(dir, "src", file), sources, sources);
  if (parts.srcNewer) utimesSync(join(dir, "src", "errors.ts"), new Date(), new Date());
  if (parts.dist === "built") utimesSync(join(dir, "dist", "src", "cli", "main.js"), build, build);
  return dir;
}

describe("bin/ferry.mjs when dist/ cannot be trusted", () => {
  it.each([
    { name: "runs dist/ silently when it is newer than src/", parts: { dist: "built", tsx: true }, code: 0, stderr: /^$/ },
    { name: "runs src/ through tsx with a note when dist/ is missing", parts: { dist: "missing", tsx: true }, code: 0, stderr: /^ferry: dist\/ is missing; running src\/ through tsx/ },
    { name: "runs src/ through tsx with a note when src/ is newer", parts: { dist: "built", srcNewer: true, tsx: true }, code: 0, stderr: /^ferry: src\/.* is newer than dist\/; running src\/ through tsx/ },
    { name: "runs dist/ with a note when src/ is newer and tsx is not installed", parts: { dist: "built", srcNewer: true, tsx: false }, code: 0, stderr: /^ferry: src\/.* is newer than dist\/; running dist\/ as built/ },
    { name: "says to build when dist/ is missing and tsx is not installed", parts: { dist: "missing", tsx: false }, code: 1, stderr: /^ferry: dist\/ is missing and tsx is not installed; run `npm run build`/ },
  ] as const)("$name", async ({ parts, code, stderr }) => {
    const dir = layout(parts);

    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(dir, "bin", "ferry.mjs"), "help"], { cwd: tmpdir(), encoding: "utf8" }, (error, out, err) => resolve({ code: error ? Number(error.code) : 0, stdout: out, stderr: err }));
    });

    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(stderr);
    if (code === 0) expect(run.stdout).toMatch(/^usage:/);
  });

  it("ends quietly when its note goes into a closed stderr pipe", async () => {
    const dir = layout({ dist: "missing", tsx: true });

    const { statuses } = await pipeline(`node ${join(dir, "bin", "ferry.mjs")} help 2>&1 >/dev/null | true`);

    expect([0, 141]).toContain(statuses[0]);
  });
});
