/**
 * Runs the `ferry` command exactly as a user does: `node bin/ferry.mjs ARGS` in a child
 * process (the compiled dist/ that `npm test` builds first), so CLI tests check what
 * the command runs, start-up and exit status included.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The `ferry` executable of this checkout. */
export const FERRY_BIN = fileURLToPath(new URL("../../bin/ferry.mjs", import.meta.url));

/** What one `ferry` run printed and how it ended. */
export interface FerryRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/ferry.mjs ...args` in `cwd` and returns its exit code and output. */
export function runFerryBin(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<FerryRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [FERRY_BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}
