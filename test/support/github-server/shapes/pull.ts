/**
 * JSON shapes of pull requests and reviews. The full shape reads git for the
 * counts (commits, additions, ...) and mergeability, as GitHub computes them.
 */
import type { ServerCore } from "../core.ts";
import type { IssueState, PullState, RepoState, ReviewState } from "../state.ts";
import { nodeId, repositoryShape, simpleUser } from "./account.ts";
import { association } from "./issue.ts";

type Pull = IssueState & { pull: PullState };

/** Returns a `pull-request-simple` (list view) shape. */
export async function pullSimpleShape(core: ServerCore, repo: RepoState, issue: Pull): Promise<Record<string, unknown>> {
  const api = `${core.apiUrl}/repos/${repo.fullName}`;
  const url = `${api}/pulls/${issue.number}`;
  const html = `${core.options.url}/${repo.fullName}/pull/${issue.number}`;
  const p = issue.pull;
  const baseSha = (await repo.git.readRef(`refs/heads/${p.baseRef}`)) ?? p.headSha;
  const side = (ref: string, sha: string) => ({ label: `${repo.owner.login}:${ref}`, ref, sha, user: simpleUser(core, repo.owner), repo: repositoryShape(core, repo) });
  const href = (h: string) => ({ href: h });
  return {
    url,
    id: p.id,
    node_id: nodeId("PR", p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${p.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: simpleUser(core, issue.user),
    body: issue.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(p.headRef, p.headSha),
    base: side(p.baseRef, baseSha),
    _links: {
      self: href(url), html: href(html), issue: href(`${api}/issues/${issue.number}`), comments: href(`${api}/issues/${issue.number}/comments`),
      review_comments: href(`${url}/comments`), review_comment: href(`${api}/pulls/comments{/number}`), commits: href(`${url}/commits`), statuses: href(`${api}/statuses/${p.headSha}`),
    },
    author_association: association(core, repo, issue.user),
    auto_merge: null,
    draft: p.draft,
  };
}

/** Returns a full `pull-request` shape, with counts and mergeability from git. */
export async function pullShape(core: ServerCore, repo: RepoState, issue: Pull): Promise<Record<string, unknown>> {
  const simple = await pullSimpleShape(core, repo, issue);
  const p = issue.pull;
  const baseSha = (simple.base as { sha: string }).sha;
  const mergeBase = (await repo.git.mergeBase(baseSha, p.headSha)) ?? baseSha;
  const [commits, files] = await Promise.all([repo.git.countBetween(mergeBase, p.headSha), repo.git.diff(mergeBase, p.headSha)]);
  let mergeable: boolean | null = null;
  if (issue.state === "open") mergeable = (await repo.git.isAncestor(baseSha, p.headSha)) || (await repo.git.mergeTree(baseSha, p.headSha)) !== undefined;
  const comments = [...core.comments.values()].filter((c) => c.repo === repo.fullName && c.issueNumber === issue.number).length;
  return {
    ...simple,
    merged: p.merged,
    mergeable,
    rebaseable: mergeable,
    mergeable_state: issue.state !== "open" ? "unknown" : mergeable ? "clean" : "dirty",
    merged_by: p.mergedBy ? simpleUser(core, p.mergedBy) : null,
    comments,
    review_comments: 0,
    maintainer_can_modify: p.maintainerCanModify,
    commits,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}

/** Returns a `pull-request-review`. */
export function reviewShape(core: ServerCore, repo: RepoState, number: number, r: ReviewState): Record<string, unknown> {
  const prUrl = `${core.apiUrl}/repos/${repo.fullName}/pulls/${number}`;
  const html = `${core.options.url}/${repo.fullName}/pull/${number}#pullrequestreview-${r.id}`;
  return {
    id: r.id,
    node_id: nodeId("PRR", r.id),
    user: simpleUser(core, r.user),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: prUrl,
    _links: { html: { href: html }, pull_request: { href: prUrl } },
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
    author_association: association(core, repo, r.user),
  };
}

/** Narrows an issue to a pull request. */
export function isPull(issue: IssueState | undefined): issue is Pull {
  return issue?.pull !== undefined;
}
