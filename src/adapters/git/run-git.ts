import { execFile } from "node:child_process";
import { AppError } from "../../errors.ts";

/**
 * Runs git with an argument array (never a shell) in `repoDir` and returns stdout.
 * Wraps failures in AppError("git-failed") with git's first stderr line.
 */
export function runGit(repoDir: string, args: readonly string[], options: { maxBuffer?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd: repoDir, maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        const reason = stderr.trim().split("\n")[0] || error.message;
        reject(new AppError("git-failed", `git ${args[0] ?? ""} failed in "${repoDir}": ${reason}`, { cause: error }));
        return;
      }
      resolve(stdout);
    });
  });
}
