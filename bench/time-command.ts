/**
 * Times a command as a user runs it (a new process each time) and reads its peak
 * memory, for the benchmarks that compare Ferry's CLI with other programs.
 */
import { spawnSync } from "node:child_process";

/** Wall times of `runs` runs of `command args` in `cwd` (ms), in run order; throws when one fails. */
export function timeRuns(params: { command: string; args: readonly string[]; cwd: string; runs: number }): number[] {
  const times: number[] = [];
  for (let i = 0; i < params.runs; i++) {
    const start = performance.now();
    const child = spawnSync(params.command, params.args, { cwd: params.cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    times.push(performance.now() - start);
    if (child.status !== 0) throw new Error(`${params.command} ${params.args.join(" ")} exited ${child.status}: ${child.stderr}`);
  }
  return times;
}

// Loaded before the program by --import: prints the process's peak RSS on stderr at exit.
const REPORT_RSS = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nferry-bench-maxrss="+process.resourceUsage().maxRSS+"\\n"))`;

/** Returns the peak RSS (MB) of one run of `node ...args` in `cwd`. */
export function nodePeakRssMb(params: { args: readonly string[]; cwd: string }): number {
  const child = spawnSync(process.execPath, ["--import", REPORT_RSS, ...params.args], { cwd: params.cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const match = /ferry-bench-maxrss=(\d+)/.exec(child.stderr);
  if (!match) throw new Error(`no peak RSS from node ${params.args.join(" ")}: ${child.stderr}`);
  return Number(match[1]) / 1024;
}

/** Returns the median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
