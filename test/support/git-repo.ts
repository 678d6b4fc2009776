/**
 * Real git repositories for tests, made with the git CLI in a temp dir (never a mocked git).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temporary git repository driven by the git CLI. */
export interface TestRepo {
  readonly dir: string;
  git(...args: string[]): string;
  /** Writes files (path → text; undefined deletes), commits them, and returns the new commit SHA. */
  commit(files: Record<string, string | undefined>, message?: string): string;
  /** Copies a directory's contents into the work tree (without committing). */
  copyIn(from: string, to?: string): void;
  remove(): void;
}

/** Returns a new repository with one branch `main` and no commits. */
export function createTestRepo(): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), "ferry-repo-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.com", GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.com", GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z", GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z" },
    }).trim();
  git("init", "-q", "-b", "main");
  git("config", "commit.gpgsign", "false");
  return {
    dir,
    git,
    commit(files, message = "change") {
      for (const [path, text] of Object.entries(files)) {
        const full = join(dir, path);
        if (text === undefined) rmSync(full, { force: true });
        else {
          mkdirSync(dirname(full), { recursive: true });
          writeFileSync(full, text);
        }
      }
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
    copyIn(from, to = ".") {
      cpSync(from, join(dir, to), { recursive: true });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
