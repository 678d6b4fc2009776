/**
 * Issues, issue comments (also the conversation comments of pull requests) and
 * reactions on comments. Comment changes send `issue_comment` webhooks.
 */
import type { ServerCore } from "../core.ts";
import { sendPull } from "../ref-events.ts";
import { commentShape, issueShape, reactionShape } from "../shapes/issue.ts";
import { isPull } from "../shapes/pull.ts";
import { notFound, validationFailed, type CommentState, type IssueState, type RepoState, type User } from "../state.ts";
import { intParam, page, queryValue, repoOf, type Routes } from "./context.ts";

/** Returns an issue or pull request by number, or throws 404. */
export function issueOf(repo: RepoState, number: number): IssueState {
  const issue = repo.issues.get(number);
  if (issue === undefined) throw notFound();
  return issue;
}

/** Creates an issue as `user`. */
export function createIssue(core: ServerCore, repo: RepoState, params: { title: string; body?: string | null; user: User; labels?: string[] }): IssueState {
  const now = core.now();
  const issue: IssueState = { number: repo.nextNumber++, id: core.nextId(), title: params.title, body: params.body ?? null, user: params.user, state: "open", stateReason: null, labels: params.labels ?? [], createdAt: now, updatedAt: now, closedAt: null, closedBy: null, pull: undefined };
  repo.issues.set(issue.number, issue);
  return issue;
}

function sendComment(core: ServerCore, repo: RepoState, c: CommentState, action: string, sender: User, extra: Record<string, unknown> = {}): void {
  const issue = issueOf(repo, c.issueNumber);
  core.webhooks.send({ event: "issue_comment", repo, sender, payload: { action, issue: issueShape(core, repo, issue), comment: commentShape(core, repo, c), ...extra } });
}

/** Adds a comment to an issue or pull request as `user` and sends `issue_comment.created`. */
export function addComment(core: ServerCore, repo: RepoState, params: { issueNumber: number; body: string; user: User }): CommentState {
  issueOf(repo, params.issueNumber);
  const now = core.now();
  const c: CommentState = { id: core.nextId(), repo: repo.fullName, issueNumber: params.issueNumber, body: params.body, user: params.user, createdAt: now, updatedAt: now, reactions: [] };
  core.comments.set(c.id, c);
  sendComment(core, repo, c, "created", params.user);
  return c;
}

/** Edits a comment as `user` and sends `issue_comment.edited` with the old body. */
export function editComment(core: ServerCore, repo: RepoState, params: { comment: CommentState; body: string; user: User }): CommentState {
  const from = params.comment.body;
  params.comment.body = params.body;
  params.comment.updatedAt = core.now();
  sendComment(core, repo, params.comment, "edited", params.user, { changes: { body: { from } } });
  return params.comment;
}

/** Opens or closes an issue or pull request as `actor`, sending the pull request webhook for pulls. */
export async function setIssueState(core: ServerCore, repo: RepoState, params: { issue: IssueState; state: "open" | "closed"; actor: User; reason?: string | null }): Promise<void> {
  const { issue } = params;
  if (issue.state === params.state) return;
  if (issue.pull?.merged) throw validationFailed("Cannot reopen a merged pull request");
  issue.state = params.state;
  issue.updatedAt = core.now();
  issue.closedAt = params.state === "closed" ? issue.updatedAt : null;
  issue.closedBy = params.state === "closed" ? params.actor : null;
  issue.stateReason = params.state === "closed" ? (params.reason ?? "completed") : "reopened";
  if (isPull(issue)) await sendPull(core, repo, issue, params.actor, { action: params.state === "closed" ? "closed" : "reopened" });
}

/** Adds a reaction to a comment; an identical reaction by the same user is returned as is. */
export function addReaction(core: ServerCore, comment: CommentState, params: { content: string; user: User }): { created: boolean; reaction: CommentState["reactions"][number] } {
  const existing = comment.reactions.find((r) => r.content === params.content && r.user.login === params.user.login);
  if (existing) return { created: false, reaction: existing };
  const reaction = { id: core.nextId(), content: params.content, user: params.user, createdAt: core.now() };
  comment.reactions.push(reaction);
  return { created: true, reaction };
}

/** Routes of issues, comments and comment reactions. */
export const issueRoutes: Routes = {
  "issues/create": (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { title: string | number; body?: string | null; labels?: (string | { name?: string })[] };
    const labels = (body.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);
    return { status: 201, body: issueShape(ctx.core, repo, createIssue(ctx.core, repo, { title: String(body.title), body: body.body, user: ctx.actor, labels })) };
  },
  "issues/get": (ctx) => {
    const repo = repoOf(ctx);
    return { status: 200, body: issueShape(ctx.core, repo, issueOf(repo, intParam(ctx, "issue_number"))) };
  },
  "issues/update": async (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(repo, intParam(ctx, "issue_number"));
    const body = ctx.body as { title?: string | number | null; body?: string | null; state?: "open" | "closed"; state_reason?: string | null; labels?: (string | { name?: string })[] };
    if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
    if (body.body !== undefined) issue.body = body.body;
    if (body.labels !== undefined) issue.labels = body.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);
    issue.updatedAt = ctx.core.now();
    if (body.state !== undefined) await setIssueState(ctx.core, repo, { issue, state: body.state, actor: ctx.actor, reason: body.state_reason });
    return { status: 200, body: issueShape(ctx.core, repo, issue) };
  },
  "issues/list-for-repo": (ctx) => {
    const repo = repoOf(ctx);
    const state = queryValue(ctx, "state") ?? "open";
    const creator = queryValue(ctx, "creator");
    const issues = [...repo.issues.values()].filter((i) => (state === "all" || i.state === state) && (creator === undefined || i.user.login === creator)).sort((a, b) => b.number - a.number);
    return page(ctx, issues.map((i) => issueShape(ctx.core, repo, i)));
  },
  "issues/add-labels": (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(repo, intParam(ctx, "issue_number"));
    const body = ctx.body as { labels?: (string | { name: string })[] } | string[];
    const list = Array.isArray(body) ? body : (body.labels ?? []);
    for (const l of list) {
      const name = typeof l === "string" ? l : l.name;
      if (!issue.labels.includes(name)) issue.labels.push(name);
    }
    return { status: 200, body: (issueShape(ctx.core, repo, issue) as { labels: unknown[] }).labels };
  },
  "issues/create-comment": (ctx) => {
    const repo = repoOf(ctx);
    const c = addComment(ctx.core, repo, { issueNumber: intParam(ctx, "issue_number"), body: (ctx.body as { body: string }).body, user: ctx.actor });
    return { status: 201, body: commentShape(ctx.core, repo, c), headers: { location: `${ctx.core.apiUrl}/repos/${repo.fullName}/issues/comments/${c.id}` } };
  },
  "issues/list-comments": (ctx) => {
    const repo = repoOf(ctx);
    const number = intParam(ctx, "issue_number");
    issueOf(repo, number);
    const comments = [...ctx.core.comments.values()].filter((c) => c.repo === repo.fullName && c.issueNumber === number);
    return page(ctx, comments.map((c) => commentShape(ctx.core, repo, c)));
  },
  "issues/list-comments-for-repo": (ctx) => {
    const repo = repoOf(ctx);
    const comments = [...ctx.core.comments.values()].filter((c) => c.repo === repo.fullName);
    return page(ctx, comments.map((c) => commentShape(ctx.core, repo, c)));
  },
  "issues/get-comment": (ctx) => {
    const repo = repoOf(ctx);
    return { status: 200, body: commentShape(ctx.core, repo, ctx.core.comment(repo, intParam(ctx, "comment_id"))) };
  },
  "issues/update-comment": (ctx) => {
    const repo = repoOf(ctx);
    const c = ctx.core.comment(repo, intParam(ctx, "comment_id"));
    return { status: 200, body: commentShape(ctx.core, repo, editComment(ctx.core, repo, { comment: c, body: (ctx.body as { body: string }).body, user: ctx.actor })) };
  },
  "issues/delete-comment": (ctx) => {
    const repo = repoOf(ctx);
    ctx.core.comments.delete(ctx.core.comment(repo, intParam(ctx, "comment_id")).id);
    return { status: 204 };
  },
  "reactions/create-for-issue-comment": (ctx) => {
    const repo = repoOf(ctx);
    const c = ctx.core.comment(repo, intParam(ctx, "comment_id"));
    const { created, reaction } = addReaction(ctx.core, c, { content: (ctx.body as { content: string }).content, user: ctx.actor });
    return { status: created ? 201 : 200, body: reactionShape(ctx.core, reaction) };
  },
  "reactions/list-for-issue-comment": (ctx) => {
    const repo = repoOf(ctx);
    const c = ctx.core.comment(repo, intParam(ctx, "comment_id"));
    const content = queryValue(ctx, "content");
    return page(ctx, c.reactions.filter((r) => content === undefined || r.content === content).map((r) => reactionShape(ctx.core, r)));
  },
  "reactions/delete-for-issue-comment": (ctx) => {
    const repo = repoOf(ctx);
    const c = ctx.core.comment(repo, intParam(ctx, "comment_id"));
    const i = c.reactions.findIndex((r) => r.id === intParam(ctx, "reaction_id"));
    if (i < 0) throw notFound();
    c.reactions.splice(i, 1);
    return { status: 204 };
  },
};
