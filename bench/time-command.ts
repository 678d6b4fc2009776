/**
 * Times a command as a user runs it (a new process each time) and reads its peak
 * memory, for the benchmarks that compare Ferry's CLI with other programs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

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

/**
 * Runs `fn` and returns its result with the peak RSS (MB) this process reached while it
 * ran, sampled every 10 ms: for in-process benchmarks that run after others in the same
 * process, where the process's lifetime peak would belong to an earlier benchmark.
 */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await fn();
    return [result, Math.max(peak, process.memoryUsage.rss()) / 2 ** 20];
  } finally {
    clearInterval(timer);
  }
}

/**
 * The command line that runs `command args` under GNU time writing the peak RSS (KB) to
 * `file`, or the command itself when /usr/bin/time is missing; read it with readPeakRssMb.
 */
export function withTimeRss(command: string, args: readonly string[], file: string): { command: string; args: string[] } {
  return existsSync("/usr/bin/time") ? { command: "/usr/bin/time", args: ["-f", "%M", "-o", file, command, ...args] } : { command, args: [...args] };
}

/** The peak RSS (MB) withTimeRss recorded in `file`, or undefined when none was. */
export function readPeakRssMb(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const kb = Number(readFileSync(file, "utf8").trim().split("\n").pop());
  return Number.isFinite(kb) && kb > 0 ? kb / 1024 : undefined;
}
