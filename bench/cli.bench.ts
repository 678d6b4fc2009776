/**
 * `ferry help` against `node -e 0`: how much the CLI adds to Node's own start-up
 * (goal: within 1.5×) and the peak memory of each. Builds first when bin/ferry.mjs
 * says dist/ is stale, so the figure is the compiled command users run, not the tsx
 * fallback.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, nodePeakRssMb, timeRuns } from "./time-command.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The `ferry` command of this checkout. */
export const FERRY = join(ROOT, "bin", "ferry.mjs");
const RUNS = 21;

/** Runs the benchmark and prints a table. */
export async function run(): Promise<void> {
  ensureBuilt();
  // Interleaved, so both see the same machine load.
  const node: number[] = [];
  const ferry: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(...timeRuns({ command: process.execPath, args: ["-e", "0"], cwd: ROOT, runs: 1 }));
    ferry.push(...timeRuns({ command: process.execPath, args: [FERRY, "help"], cwd: ROOT, runs: 1 }));
  }
  const n = median(node);
  const f = median(ferry);
  console.log(
    [
      "| command | median ms | ratio to node -e 0 | peak RSS MB |",
      "| --- | --- | --- | --- |",
      `| node -e 0 | ${n.toFixed(0)} | 1.00 | ${nodePeakRssMb({ args: ["-e", "0"], cwd: ROOT }).toFixed(0)} |`,
      `| ferry help | ${f.toFixed(0)} | ${(f / n).toFixed(2)} | ${nodePeakRssMb({ args: [FERRY, "help"], cwd: ROOT }).toFixed(0)} |`,
    ].join("\n"),
  );
}

/** Runs `npm run build` when bin/ferry.mjs would not run dist/ as it is. */
export function ensureBuilt(): void {
  const probe = spawnSync(process.execPath, [FERRY, "help"], { cwd: ROOT, encoding: "utf8" });
  if (/dist\/ is missing|newer than dist\//.test(probe.stderr)) execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
}
