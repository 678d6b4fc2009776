/**
 * Pull requests and reviews. A pull request is an issue with a head and a base
 * branch; its head SHA follows the head branch while open, and it becomes merged
 * when its base branch moves to contain the head (see ref-events.ts) or through the
 * merge endpoint, which writes a real merge or squash commit.
 */
import type { ServerCore } from "../core.ts";
import { sendPull } from "../ref-events.ts";
import { commitShape, diffEntryShape } from "../shapes/commit.ts";
import { isPull, pullShape, pullSimpleShape, reviewShape } from "../shapes/pull.ts";
import { ApiError, notFound, validationFailed, type IssueState, type PullState, type RepoState, type ReviewState, type User } from "../state.ts";
import { intParam, page, queryValue, repoOf, type RouteContext, type Routes } from "./context.ts";
import { moveRef } from "./git.ts";
import { createIssue, issueOf, setIssueState } from "./issues.ts";

type Pull = IssueState & { pull: PullState };

function pullOf(repo: RepoState, number: number): Pull {
  const issue = issueOf(repo, number);
  if (!isPull(issue)) throw notFound();
  return issue;
}

function branchName(repo: RepoState, head: string): string {
  return head.startsWith(`${repo.owner.login}:`) ? head.slice(repo.owner.login.length + 1) : head;
}

/** Opens a pull request as `user` with GitHub's validations, and sends `pull_request.opened`. */
export async function openPull(core: ServerCore, repo: RepoState, params: { head: string; base: string; title: string; body?: string | null; draft?: boolean; user: User }): Promise<Pull> {
  const head = branchName(repo, params.head);
  const [headSha, baseSha] = [await repo.git.readRef(`refs/heads/${head}`), await repo.git.readRef(`refs/heads/${params.base}`)];
  if (headSha === undefined) throw validationFailed("Validation Failed", [{ resource: "PullRequest", field: "head", code: "invalid" }]);
  if (baseSha === undefined) throw validationFailed("Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid" }]);
  if ((await repo.git.countBetween(baseSha, headSha)) === 0) throw validationFailed("Validation Failed", [{ resource: "PullRequest", code: "custom", message: `No commits between ${params.base} and ${head}` }]);
  // No await between this check and the insert: concurrent creates cannot both pass.
  const dup = [...repo.issues.values()].find((i) => i.state === "open" && i.pull?.headRef === head && i.pull.baseRef === params.base);
  if (dup) throw validationFailed("Validation Failed", [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner.login}:${head}.` }]);
  const issue = createIssue(core, repo, { title: params.title, body: params.body, user: params.user });
  const pull: PullState = { id: core.nextId(), headRef: head, headSha, baseRef: params.base, merged: false, mergedAt: null, mergedBy: null, mergeCommitSha: null, draft: params.draft ?? false, maintainerCanModify: false, reviews: [] };
  const pr = Object.assign(issue, { pull }) as Pull;
  repo.issues.set(pr.number, pr);
  await sendPull(core, repo, pr, params.user, { action: "opened" });
  return pr;
}

/** Submits a review as `user` and sends `pull_request_review.submitted`. */
export async function submitReview(core: ServerCore, repo: RepoState, params: { pull: Pull; user: User; state: ReviewState["state"]; body?: string; commitId?: string }): Promise<ReviewState> {
  const { pull } = params;
  if (params.state !== "COMMENTED" && params.user.login === pull.user.login) throw validationFailed("Unprocessable Entity", [{ resource: "PullRequestReview", code: "custom", message: `Can not ${params.state === "APPROVED" ? "approve" : "request changes on"} your own pull request` }]);
  const review: ReviewState = { id: core.nextId(), user: params.user, state: params.state, body: params.body ?? "", commitId: params.commitId ?? pull.pull.headSha, submittedAt: core.now() };
  pull.pull.reviews.push(review);
  if (review.state !== "PENDING") await sendReview(core, repo, pull, review, "submitted", params.user);
  return review;
}

/** Dismisses a review and sends `pull_request_review.dismissed`. */
export async function dismissReview(core: ServerCore, repo: RepoState, params: { pull: Pull; reviewId: number; actor: User }): Promise<ReviewState> {
  const review = params.pull.pull.reviews.find((r) => r.id === params.reviewId);
  if (review === undefined) throw notFound();
  review.state = "DISMISSED";
  await sendReview(core, repo, params.pull, review, "dismissed", params.actor);
  return review;
}

async function sendReview(core: ServerCore, repo: RepoState, pull: Pull, review: ReviewState, action: string, sender: User): Promise<void> {
  const pull_request = await pullSimpleShape(core, repo, pull);
  core.webhooks.send({ event: "pull_request_review", repo, sender, payload: { action, review: reviewShape(core, repo, pull.number, review), pull_request } });
}

/** Merges a pull request with a merge or squash commit (or a fast-forward rebase) as `actor`. */
export async function mergePull(core: ServerCore, repo: RepoState, params: { pull: Pull; actor: User; method?: string; sha?: string; title?: string; message?: string }): Promise<string> {
  const { pull, actor } = params;
  const p = pull.pull;
  if (pull.state !== "open") throw new ApiError(405, "Pull Request is not mergeable");
  if (params.sha !== undefined && params.sha !== p.headSha) throw new ApiError(409, "Head branch was modified. Review and try the merge again.");
  const baseSha = await repo.git.readRef(`refs/heads/${p.baseRef}`);
  if (baseSha === undefined) throw new ApiError(405, "Base branch was deleted");
  const method = params.method ?? "merge";
  let sha: string;
  if (method === "rebase") {
    if (!(await repo.git.isAncestor(baseSha, p.headSha))) throw new ApiError(405, "The test server only rebase-merges pull requests that fast-forward");
    sha = p.headSha;
  } else {
    const tree = await repo.git.mergeTree(baseSha, p.headSha);
    if (tree === undefined) throw new ApiError(405, "Pull Request is not mergeable");
    const who = { name: actor.name, email: actor.email, date: core.now() };
    const title = params.title ?? (method === "squash" ? `${pull.title} (#${pull.number})` : `Merge pull request #${pull.number} from ${repo.owner.login}/${p.headRef}`);
    sha = await repo.git.writeCommit({ tree, parents: method === "squash" ? [baseSha] : [baseSha, p.headSha], message: params.message ? `${title}\n\n${params.message}` : title, author: who, committer: who });
  }
  Object.assign(p, { merged: true, mergedAt: core.now(), mergedBy: actor, mergeCommitSha: sha });
  Object.assign(pull, { state: "closed", closedAt: p.mergedAt, updatedAt: p.mergedAt, closedBy: actor });
  await moveRef(core, { repo, ref: `refs/heads/${p.baseRef}`, sha, force: false, actor });
  await sendPull(core, repo, pull, actor, { action: "closed" });
  return sha;
}

async function pullCommitsAndFiles(ctx: RouteContext, repo: RepoState, pull: Pull) {
  const baseSha = (await repo.git.readRef(`refs/heads/${pull.pull.baseRef}`)) ?? pull.pull.headSha;
  const from = pull.pull.merged ? (await repo.git.readCommit(pull.pull.headSha))?.parents[0] ?? baseSha : ((await repo.git.mergeBase(baseSha, pull.pull.headSha)) ?? baseSha);
  return { from, head: pull.pull.headSha };
}

const REVIEW_EVENTS: Record<string, ReviewState["state"]> = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" };

/** Pull request routes. */
export const pullRoutes: Routes = {
  "pulls/create": async (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as { head: string; base: string; title?: string; body?: string; draft?: boolean; issue?: number };
    if (b.title === undefined) throw validationFailed("Validation Failed", [{ resource: "PullRequest", field: "title", code: "missing_field" }]);
    const pr = await openPull(ctx.core, repo, { head: b.head, base: b.base, title: b.title, body: b.body, draft: b.draft, user: ctx.actor });
    return { status: 201, body: await pullShape(ctx.core, repo, pr) };
  },
  "pulls/list": async (ctx) => {
    const repo = repoOf(ctx);
    const state = queryValue(ctx, "state") ?? "open";
    const head = queryValue(ctx, "head");
    const base = queryValue(ctx, "base");
    if (head !== undefined && !head.includes(":")) {
      ctx.core.violation({ kind: "request", method: "GET", path: ctx.url.pathname, operationId: ctx.op.operationId, problems: [`head filter "${head}" must be "owner:branch"; GitHub does not filter by a bare branch name`] });
    }
    const pulls = [...repo.issues.values()].filter(isPull).filter((i) => (state === "all" || i.state === state) && (head === undefined || i.pull.headRef === branchName(repo, head)) && (base === undefined || i.pull.baseRef === base));
    const asc = queryValue(ctx, "direction") === "asc";
    pulls.sort((a, b) => (asc ? a.number - b.number : b.number - a.number));
    const shapes = [];
    for (const p of pulls) shapes.push(await pullSimpleShape(ctx.core, repo, p));
    return page(ctx, shapes);
  },
  // GitHub lists the PRs whose commits include the SHA; the PRs Ferry asks about have it as
  // their head (promotions merged by fast-forward) or as their merge commit.
  "repos/list-pull-requests-associated-with-commit": async (ctx) => {
    const repo = repoOf(ctx);
    const sha = await repo.git.resolveCommit(ctx.params.commit_sha ?? "");
    const pulls = [...repo.issues.values()].filter(isPull).filter((i) => sha !== undefined && (i.pull.headSha === sha || i.pull.mergeCommitSha === sha));
    pulls.sort((a, b) => b.number - a.number);
    const shapes = [];
    for (const p of pulls) shapes.push(await pullSimpleShape(ctx.core, repo, p));
    return page(ctx, shapes);
  },
  "pulls/get": async (ctx) => {
    const repo = repoOf(ctx);
    return { status: 200, body: await pullShape(ctx.core, repo, pullOf(repo, intParam(ctx, "pull_number"))) };
  },
  "pulls/update": async (ctx) => {
    const repo = repoOf(ctx);
    const pr = pullOf(repo, intParam(ctx, "pull_number"));
    const b = ctx.body as { title?: string; body?: string; state?: "open" | "closed"; base?: string; maintainer_can_modify?: boolean };
    const changes: Record<string, { from: unknown }> = {};
    if (b.title !== undefined && b.title !== pr.title) [changes.title, pr.title] = [{ from: pr.title }, b.title];
    if (b.body !== undefined && b.body !== pr.body) [changes.body, pr.body] = [{ from: pr.body }, b.body];
    if (b.base !== undefined && b.base !== pr.pull.baseRef) {
      if ((await repo.git.readRef(`refs/heads/${b.base}`)) === undefined) throw validationFailed("Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid" }]);
      changes.base = { from: { ref: { from: pr.pull.baseRef } } };
      pr.pull.baseRef = b.base;
    }
    if (b.maintainer_can_modify !== undefined) pr.pull.maintainerCanModify = b.maintainer_can_modify;
    pr.updatedAt = ctx.core.now();
    if (Object.keys(changes).length > 0) await sendPull(ctx.core, repo, pr, ctx.actor, { action: "edited", changes });
    if (b.state !== undefined) await setIssueState(ctx.core, repo, { issue: pr, state: b.state, actor: ctx.actor });
    return { status: 200, body: await pullShape(ctx.core, repo, pr) };
  },
  "pulls/list-commits": async (ctx) => {
    const repo = repoOf(ctx);
    const { from, head } = await pullCommitsAndFiles(ctx, repo, pullOf(repo, intParam(ctx, "pull_number")));
    const out = [];
    for (const sha of await repo.git.commitsBetween(from, head, 250)) {
      const c = await repo.git.readCommit(sha);
      if (c) out.push(commitShape(ctx.core, repo, c));
    }
    return page(ctx, out);
  },
  "pulls/list-files": async (ctx) => {
    const repo = repoOf(ctx);
    const { from, head } = await pullCommitsAndFiles(ctx, repo, pullOf(repo, intParam(ctx, "pull_number")));
    return page(ctx, (await repo.git.diff(from, head)).slice(0, 3000).map((f) => diffEntryShape(ctx.core, repo, head, f)));
  },
  "pulls/list-reviews": (ctx) => {
    const repo = repoOf(ctx);
    const pr = pullOf(repo, intParam(ctx, "pull_number"));
    return page(ctx, pr.pull.reviews.filter((r) => r.state !== "PENDING" || r.user.login === ctx.actor.login).map((r) => reviewShape(ctx.core, repo, pr.number, r)));
  },
  "pulls/get-review": (ctx) => {
    const repo = repoOf(ctx);
    const pr = pullOf(repo, intParam(ctx, "pull_number"));
    const r = pr.pull.reviews.find((x) => x.id === intParam(ctx, "review_id"));
    if (r === undefined) throw notFound();
    return { status: 200, body: reviewShape(ctx.core, repo, pr.number, r) };
  },
  "pulls/create-review": async (ctx) => {
    const repo = repoOf(ctx);
    const pr = pullOf(repo, intParam(ctx, "pull_number"));
    const b = ctx.body as { commit_id?: string; body?: string; event?: string } | undefined;
    const state = b?.event === undefined ? "PENDING" : REVIEW_EVENTS[b.event];
    if (state === undefined) throw validationFailed("Validation Failed");
    const review = await submitReview(ctx.core, repo, { pull: pr, user: ctx.actor, state, body: b?.body, commitId: b?.commit_id });
    return { status: 200, body: reviewShape(ctx.core, repo, pr.number, review) };
  },
  "pulls/dismiss-review": async (ctx) => {
    const repo = repoOf(ctx);
    const pr = pullOf(repo, intParam(ctx, "pull_number"));
    const review = await dismissReview(ctx.core, repo, { pull: pr, reviewId: intParam(ctx, "review_id"), actor: ctx.actor });
    return { status: 200, body: reviewShape(ctx.core, repo, pr.number, review) };
  },
  "pulls/check-if-merged": (ctx) => {
    const repo = repoOf(ctx);
    if (!pullOf(repo, intParam(ctx, "pull_number")).pull.merged) throw notFound();
    return { status: 204 };
  },
  "pulls/merge": async (ctx) => {
    const repo = repoOf(ctx);
    const b = (ctx.body ?? {}) as { commit_title?: string; commit_message?: string; sha?: string; merge_method?: string };
    const sha = await mergePull(ctx.core, repo, { pull: pullOf(repo, intParam(ctx, "pull_number")), actor: ctx.actor, method: b.merge_method, sha: b.sha, title: b.commit_title, message: b.commit_message });
    return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
  },
};
