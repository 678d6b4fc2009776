/**
 * JSON shapes of issues, issue comments, reactions and labels.
 */
import type { ServerCore } from "../core.ts";
import type { CommentState, IssueState, ReactionState, RepoState, User } from "../state.ts";
import { appShape, nodeId, simpleUser } from "./account.ts";

/** Returns GitHub's author_association of a user on a repository. */
export function association(core: ServerCore, repo: RepoState, user: User): string {
  if (user.login === repo.owner.login) return "OWNER";
  const p = core.permission(repo, user.login);
  if (p === "admin" || p === "maintain" || p === "write") return "COLLABORATOR";
  return "NONE";
}

/** Returns the reaction roll-up of a comment. */
export function reactionRollup(url: string, reactions: readonly ReactionState[]): Record<string, unknown> {
  const count = (c: string) => reactions.filter((r) => r.content === c).length;
  return {
    url: `${url}/reactions`,
    total_count: reactions.length,
    "+1": count("+1"), "-1": count("-1"), laugh: count("laugh"), hooray: count("hooray"),
    confused: count("confused"), heart: count("heart"), rocket: count("rocket"), eyes: count("eyes"),
  };
}

/** Returns an `issue` (pull requests carry `pull_request`, as in the issues API). */
export function issueShape(core: ServerCore, repo: RepoState, issue: IssueState): Record<string, unknown> {
  const api = `${core.apiUrl}/repos/${repo.fullName}`;
  const url = `${api}/issues/${issue.number}`;
  const html = `${core.options.url}/${repo.fullName}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
  const comments = [...core.comments.values()].filter((c) => c.repo === repo.fullName && c.issueNumber === issue.number);
  return {
    id: issue.id,
    node_id: nodeId(issue.pull ? "PR" : "I", issue.id),
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: simpleUser(core, issue.user),
    labels: issue.labels.map((name, i) => ({ id: issue.id * 100 + i, node_id: nodeId("L", issue.id * 100 + i), url: `${api}/labels/${encodeURIComponent(name)}`, name, description: null, color: "ededed", default: false })),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: comments.length,
    ...(issue.pull
      ? { pull_request: { url: `${api}/pulls/${issue.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: issue.pull.mergedAt } }
      : {}),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy ? simpleUser(core, issue.closedBy) : null,
    author_association: association(core, repo, issue.user),
    reactions: reactionRollup(url, []),
  };
}

/** Returns an `issue-comment`. */
export function commentShape(core: ServerCore, repo: RepoState, c: CommentState): Record<string, unknown> {
  const url = `${core.apiUrl}/repos/${repo.fullName}/issues/comments/${c.id}`;
  const issue = repo.issues.get(c.issueNumber);
  const kind = issue?.pull ? "pull" : "issues";
  return {
    id: c.id,
    node_id: nodeId("IC", c.id),
    url,
    html_url: `${core.options.url}/${repo.fullName}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: simpleUser(core, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${core.apiUrl}/repos/${repo.fullName}/issues/${c.issueNumber}`,
    author_association: association(core, repo, c.user),
    performed_via_github_app: c.user.login === core.bot.login ? appShape(core) : null,
    reactions: reactionRollup(url, c.reactions),
  };
}

/** Returns a `reaction`. */
export function reactionShape(core: ServerCore, r: ReactionState): Record<string, unknown> {
  return { id: r.id, node_id: nodeId("RE", r.id), user: simpleUser(core, r.user), content: r.content, created_at: r.createdAt };
}
