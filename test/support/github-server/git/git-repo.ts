/**
 * A bare git repository on disk, driven through the git CLI (execFile, never a
 * shell). Refs, ancestry, commits, trees and blobs served by the test server all
 * come from here, so fast-forward checks and compare results are git's, not ours.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { CatFile, type GitObject } from "./cat-file.ts";
import { combineDiff, parseCommit } from "./parse-git-output.ts";

/** Author or committer of a commit. */
export interface GitIdentity {
  readonly name: string;
  readonly email: string;
  /** ISO 8601 date. */
  readonly date: string;
}

/** A parsed commit object. */
export interface CommitInfo {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: GitIdentity;
  readonly committer: GitIdentity;
  readonly message: string;
}

/** One entry of `git ls-tree -l`. */
export interface TreeEntry {
  readonly mode: string;
  readonly type: "blob" | "tree" | "commit";
  readonly sha: string;
  readonly size: number | undefined;
  readonly path: string;
}

/** One changed file between two commits. */
export interface ChangedFile {
  readonly filename: string;
  readonly previousFilename: string | undefined;
  readonly status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed";
  readonly sha: string;
  readonly additions: number;
  readonly deletions: number;
  readonly patch: string | undefined;
}

/** A change to make on top of a base tree: content, an existing blob, or a deletion. */
export interface TreeChange {
  readonly path: string;
  readonly mode: string;
  readonly sha?: string | null;
  readonly content?: string;
}

const IDENTITY_ENV = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" };

/** Runs git with an argument array and returns stdout; rejects with stderr on failure. */
export function runGit(args: readonly string[], options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("git", [...args], { cwd: options.cwd, env: { ...process.env, ...IDENTITY_ENV, ...options.env }, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(new Error(`git ${args.slice(0, 4).join(" ")} failed: ${stderr.trim()}`), { exitCode: (err as { code?: number }).code }));
      else resolve(stdout);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A bare repository and the read and write operations the fake GitHub needs. */
export class GitRepo {
  private readonly catFile: CatFile;

  constructor(readonly gitDir: string) {
    this.catFile = new CatFile(gitDir);
  }

  /** Runs a git command against this repository. */
  git(args: readonly string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): Promise<string> {
    return runGit(["--git-dir", this.gitDir, ...args], options);
  }

  /** Returns a raw object, or undefined when it does not exist. */
  readObject(rev: string): Promise<GitObject | undefined> {
    return this.catFile.read(rev);
  }

  /** Returns the commit SHA a revision names, or undefined. */
  async resolveCommit(rev: string): Promise<string | undefined> {
    if (rev.startsWith("-")) return undefined;
    try {
      return (await this.git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Returns refs (full names) under a prefix such as `refs/heads/`, sorted by name. */
  async listRefs(prefix = "refs/"): Promise<Map<string, string>> {
    const out = await this.git(["for-each-ref", "--format=%(refname) %(objectname)", prefix]);
    const refs = new Map<string, string>();
    for (const line of out.split("\n")) {
      const [name, sha] = line.split(" ");
      if (name && sha) refs.set(name, sha);
    }
    return refs;
  }

  /** Returns the SHA a full ref name points to, or undefined. */
  async readRef(ref: string): Promise<string | undefined> {
    return (await this.listRefs(ref)).get(ref);
  }

  /** Sets a ref; with `oldSha` the update is atomic compare-and-swap (empty string: must not exist). */
  async updateRef(ref: string, sha: string, oldSha?: string): Promise<void> {
    await this.git(["update-ref", ref, sha, ...(oldSha === undefined ? [] : [oldSha])]);
  }

  /** Deletes a ref. */
  async deleteRef(ref: string): Promise<void> {
    await this.git(["update-ref", "-d", ref]);
  }

  /** Returns whether `ancestor` is reachable from `descendant` (equal counts). */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.git(["merge-base", "--is-ancestor", ancestor, descendant]);
      return true;
    } catch {
      return false;
    }
  }

  /** Returns the best common ancestor, or undefined for unrelated histories. */
  async mergeBase(a: string, b: string): Promise<string | undefined> {
    try {
      return (await this.git(["merge-base", a, b])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Returns commits reachable from `head` but not `base`, oldest first. */
  async commitsBetween(base: string, head: string, limit = 250): Promise<string[]> {
    const out = await this.git(["rev-list", "--reverse", `--max-count=${limit}`, `${base}..${head}`]);
    return out.split("\n").filter(Boolean);
  }

  /** Returns how many commits are reachable from `head` but not `base`. */
  async countBetween(base: string, head: string): Promise<number> {
    return Number((await this.git(["rev-list", "--count", `${base}..${head}`])).trim());
  }

  /** Returns history from a commit, newest first. */
  async log(rev: string, limit: number, path?: string): Promise<string[]> {
    const out = await this.git(["rev-list", `--max-count=${limit}`, rev, "--", ...(path ? [path] : [])]);
    return out.split("\n").filter(Boolean);
  }

  /** Returns a parsed commit, or undefined when the SHA is not a commit. */
  async readCommit(sha: string): Promise<CommitInfo | undefined> {
    const obj = await this.readObject(sha);
    if (obj?.type !== "commit") return undefined;
    return parseCommit(sha, obj.content.toString("utf8"));
  }

  /** Returns the entries of a tree (recursive includes sub-tree entries, like GitHub). */
  async lsTree(tree: string, recursive: boolean): Promise<TreeEntry[]> {
    const out = await this.git(["ls-tree", "-l", "-z", ...(recursive ? ["-r", "-t"] : []), tree]);
    return out.split("\0").filter(Boolean).map((line) => {
      const tab = line.indexOf("\t");
      const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
      return { mode: mode ?? "", type: type as TreeEntry["type"], sha: sha ?? "", size: size === "-" ? undefined : Number(size), path: line.slice(tab + 1) };
    });
  }

  /** Returns the files changed from `base` to `head`, with patches. */
  async diff(base: string, head: string): Promise<ChangedFile[]> {
    const [raw, numstat, patch] = await Promise.all([
      this.git(["diff", "--raw", "-z", "-M", "--no-abbrev", base, head]),
      this.git(["diff", "--numstat", "-z", "-M", base, head]),
      this.git(["diff", "-M", "--no-color", base, head]),
    ]);
    return combineDiff(raw, numstat, patch);
  }

  /** Writes a blob and returns its SHA. */
  async writeBlob(content: Buffer): Promise<string> {
    return (await this.git(["hash-object", "-w", "--stdin"], { input: content })).trim();
  }

  /** Writes a tree made of `base` (optional) with changes applied; returns the tree SHA. */
  async writeTree(base: string | undefined, changes: readonly TreeChange[]): Promise<string> {
    const env = { GIT_INDEX_FILE: `${this.gitDir}/test-index-${randomUUID()}` };
    try {
      await this.git(base === undefined ? ["read-tree", "--empty"] : ["read-tree", base], { env });
      const lines: string[] = [];
      for (const c of changes) {
        if (c.content !== undefined) {
          const sha = await this.writeBlob(Buffer.from(c.content, "utf8"));
          lines.push(`${c.mode} ${sha}\t${c.path}`);
        } else if (c.sha === null) {
          lines.push(`0 ${"0".repeat(40)}\t${c.path}`);
        } else if (c.sha !== undefined) {
          lines.push(`${c.mode} ${c.sha}\t${c.path}`);
        }
      }
      if (lines.length > 0) await this.git(["update-index", "--index-info"], { input: `${lines.join("\n")}\n`, env });
      return (await this.git(["write-tree"], { env })).trim();
    } finally {
      await rm(env.GIT_INDEX_FILE, { force: true });
    }
  }

  /** Writes a commit object and returns its SHA (no ref moves). */
  async writeCommit(params: { tree: string; parents: readonly string[]; message: string; author: GitIdentity; committer: GitIdentity }): Promise<string> {
    const args = ["commit-tree", params.tree, ...params.parents.flatMap((p) => ["-p", p])];
    const env = {
      GIT_AUTHOR_NAME: params.author.name, GIT_AUTHOR_EMAIL: params.author.email, GIT_AUTHOR_DATE: params.author.date,
      GIT_COMMITTER_NAME: params.committer.name, GIT_COMMITTER_EMAIL: params.committer.email, GIT_COMMITTER_DATE: params.committer.date,
    };
    return (await this.git(args, { input: params.message, env })).trim();
  }

  /** Returns the merged tree of two commits, or undefined when they conflict. */
  async mergeTree(a: string, b: string): Promise<string | undefined> {
    try {
      return (await this.git(["merge-tree", "--write-tree", a, b])).split("\n")[0]?.trim();
    } catch {
      return undefined;
    }
  }

  /** Stops the background cat-file process. */
  close(): void {
    this.catFile.close();
  }
}
