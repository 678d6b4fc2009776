/**
 * Creates the bare repositories the test server serves: from a git repository
 * (cloned bare, so the source is never changed), from a plain directory (one
 * initial commit of its files), or from an in-memory file map.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GitRepo, runGit } from "./git/git-repo.ts";

/** Where a new repository's history comes from. */
export interface RepoSource {
  /** A git work tree, a bare repository, or a plain directory of files. */
  readonly from?: string;
  /** Files for an initial commit when `from` is not given. */
  readonly files?: Record<string, string>;
  readonly defaultBranch?: string;
  readonly author?: { name: string; email: string };
  readonly date?: string;
}

/** Creates a bare repository at `gitDir`; returns it and its default branch. */
export async function createBareRepo(gitDir: string, source: RepoSource): Promise<{ git: GitRepo; defaultBranch: string }> {
  await mkdir(join(gitDir, ".."), { recursive: true });
  const from = source.from;
  if (from !== undefined && (existsSync(join(from, ".git")) || (existsSync(join(from, "HEAD")) && existsSync(join(from, "objects"))))) {
    await runGit(["clone", "--quiet", "--bare", from, gitDir]);
    const git = new GitRepo(gitDir);
    const head = (await git.git(["symbolic-ref", "HEAD"])).trim();
    return { git, defaultBranch: source.defaultBranch ?? head.replace(/^refs\/heads\//, "") };
  }
  const defaultBranch = source.defaultBranch ?? "main";
  await runGit(["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, gitDir]);
  const git = new GitRepo(gitDir);
  let workTree = from;
  let scratch: string | undefined;
  if (workTree === undefined) {
    scratch = await mkdtemp(join(tmpdir(), "gh-seed-"));
    for (const [path, content] of Object.entries(source.files ?? {})) {
      await mkdir(join(scratch, path, ".."), { recursive: true });
      await writeFile(join(scratch, path), content);
    }
    workTree = scratch;
  }
  try {
    const env = { GIT_INDEX_FILE: join(gitDir, "seed-index") };
    await git.git(["--work-tree", workTree, "add", "--all", "--force", "."], { env });
    const tree = (await git.git(["write-tree"], { env })).trim();
    await rm(env.GIT_INDEX_FILE, { force: true });
    const who = { ...(source.author ?? { name: "Seed", email: "seed@users.noreply.github.test" }), date: source.date ?? "2024-01-01T00:00:00Z" };
    const sha = await git.writeCommit({ tree, parents: [], message: "Initial commit", author: who, committer: who });
    await git.updateRef(`refs/heads/${defaultBranch}`, sha);
  } finally {
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  }
  return { git, defaultBranch };
}
