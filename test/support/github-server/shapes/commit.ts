/**
 * JSON shapes of git data (commits, diff entries) built from what git reports.
 */
import type { ServerCore } from "../core.ts";
import type { ChangedFile, CommitInfo, GitIdentity } from "../git/git-repo.ts";
import type { RepoState } from "../state.ts";
import { nodeId, simpleUser } from "./account.ts";

const UNSIGNED = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

function identity(i: GitIdentity): Record<string, unknown> {
  return { name: i.name, email: i.email, date: i.date };
}

function parentsOf(core: ServerCore, repo: RepoState, c: CommitInfo): Record<string, unknown>[] {
  return c.parents.map((p) => ({ sha: p, url: `${core.apiUrl}/repos/${repo.fullName}/commits/${p}`, html_url: `${core.options.url}/${repo.fullName}/commit/${p}` }));
}

/** Returns a `git-commit` (the git database view of a commit). */
export function gitCommitShape(core: ServerCore, repo: RepoState, c: CommitInfo): Record<string, unknown> {
  const api = `${core.apiUrl}/repos/${repo.fullName}/git`;
  return {
    sha: c.sha,
    node_id: nodeId("C", parseInt(c.sha.slice(0, 8), 16)),
    url: `${api}/commits/${c.sha}`,
    html_url: `${core.options.url}/${repo.fullName}/commit/${c.sha}`,
    author: identity(c.author),
    committer: identity(c.committer),
    tree: { sha: c.tree, url: `${api}/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${core.options.url}/${repo.fullName}/commit/${p}` })),
    verification: UNSIGNED,
  };
}

/** Returns a `commit` (the REST view, with GitHub accounts for author and committer). */
export function commitShape(core: ServerCore, repo: RepoState, c: CommitInfo, files?: readonly ChangedFile[]): Record<string, unknown> {
  const url = `${core.apiUrl}/repos/${repo.fullName}/commits/${c.sha}`;
  const author = core.userByEmail(c.author.email);
  const committer = core.userByEmail(c.committer.email);
  const shape: Record<string, unknown> = {
    url,
    sha: c.sha,
    node_id: nodeId("C", parseInt(c.sha.slice(0, 8), 16)),
    html_url: `${core.options.url}/${repo.fullName}/commit/${c.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${core.apiUrl}/repos/${repo.fullName}/git/commits/${c.sha}`,
      author: identity(c.author),
      committer: identity(c.committer),
      message: c.message,
      comment_count: 0,
      tree: { sha: c.tree, url: `${core.apiUrl}/repos/${repo.fullName}/git/trees/${c.tree}` },
      verification: UNSIGNED,
    },
    author: author ? simpleUser(core, author) : null,
    committer: committer ? simpleUser(core, committer) : null,
    parents: parentsOf(core, repo, c),
  };
  if (files !== undefined) {
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    shape.stats = { additions, deletions, total: additions + deletions };
    shape.files = files.map((f) => diffEntryShape(core, repo, c.sha, f));
  }
  return shape;
}

/** Returns a `diff-entry`. */
export function diffEntryShape(core: ServerCore, repo: RepoState, ref: string, f: ChangedFile): Record<string, unknown> {
  const path = f.filename.split("/").map(encodeURIComponent).join("/");
  return {
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${core.options.url}/${repo.fullName}/blob/${ref}/${path}`,
    raw_url: `${core.options.url}/${repo.fullName}/raw/${ref}/${path}`,
    contents_url: `${core.apiUrl}/repos/${repo.fullName}/contents/${path}?ref=${ref}`,
    ...(f.patch === undefined ? {} : { patch: f.patch }),
    ...(f.previousFilename === undefined ? {} : { previous_filename: f.previousFilename }),
  };
}
