/**
 * What people do on GitHub, for tests: push commits, open pull requests, comment,
 * review, merge, re-run checks; plus grants (permissions, teams) and read access to
 * the server's state. Actions send the same webhooks GitHub would.
 */
import type { Server } from "node:http";
import type { ServerCore } from "./core.ts";
import { rerequestCheckRun } from "./routes/checks.ts";
import { moveRef } from "./routes/git.ts";
import { addComment, createIssue, editComment, issueOf, setIssueState } from "./routes/issues.ts";
import { dismissReview, mergePull, openPull, submitReview } from "./routes/pulls.ts";
import { isPull } from "./shapes/pull.ts";
import type { CheckRunState, CommentState, DeploymentState, IssueState, Permission, PullState, ReactionState, RepoState, ReviewState, StatusState } from "./state.ts";

const DEFAULT_REPO = "acme/config";

/** A pull request as stored by the server. */
export type PullRecord = IssueState & { pull: PullState };

/** People's actions and state inspection, inherited by GitHubTestServer. */
export class TestActions {
  constructor(protected readonly core: ServerCore, protected readonly tempDir: string, protected readonly server: Server) {}

  /** Returns a repository's state (default `acme/config`). */
  repo(fullName = DEFAULT_REPO): RepoState {
    const [owner = "", name = ""] = fullName.split("/");
    return this.core.repo(owner, name);
  }

  /**
   * Commits file changes (`null` deletes) on top of `branch` (or of `parents`) as a
   * user and moves the branch, as `git push` would; sends the push webhook.
   */
  async commit(params: { repo?: string; branch: string; files: Record<string, string | null>; message: string; as?: string; parents?: string[]; force?: boolean; date?: string }): Promise<string> {
    const repo = this.repo(params.repo);
    const user = this.core.user(params.as ?? "octocat");
    const head = await repo.git.readRef(`refs/heads/${params.branch}`);
    const parents = params.parents ?? (head === undefined ? [] : [head]);
    const baseTree = parents[0] === undefined ? undefined : (await repo.git.readCommit(parents[0]))?.tree;
    const changes = Object.entries(params.files).map(([path, content]) => (content === null ? { path, mode: "100644", sha: null } : { path, mode: "100644", content }));
    const tree = await repo.git.writeTree(baseTree, changes);
    const who = { name: user.name, email: user.email, date: params.date ?? this.core.now() };
    const sha = await repo.git.writeCommit({ tree, parents, message: params.message, author: who, committer: who });
    await moveRef(this.core, { repo, ref: `refs/heads/${params.branch}`, sha, force: params.force ?? params.parents !== undefined, actor: user });
    return sha;
  }

  /** Moves (or creates; `sha: undefined` deletes) a branch as a user's push; sends the push webhook. */
  async pushBranch(params: { repo?: string; branch: string; sha: string | undefined; as?: string; force?: boolean }): Promise<void> {
    await moveRef(this.core, { repo: this.repo(params.repo), ref: `refs/heads/${params.branch}`, sha: params.sha, force: params.force ?? false, actor: this.core.user(params.as ?? "octocat") });
  }

  /** Returns the SHA of a branch, or undefined. */
  branchSha(branch: string, repo?: string): Promise<string | undefined> {
    return this.repo(repo).git.readRef(`refs/heads/${branch}`);
  }

  /** Returns all refs of a repository (full names → SHA). */
  refs(repo?: string): Promise<Map<string, string>> {
    return this.repo(repo).git.listRefs();
  }

  /** Returns a file's text at a revision, or undefined. */
  async readFile(rev: string, path: string, repo?: string): Promise<string | undefined> {
    const git = this.repo(repo).git;
    const sha = await git.resolveCommit(rev);
    const obj = sha === undefined ? undefined : await git.readObject(`${sha}:${path}`);
    return obj?.type === "blob" ? obj.content.toString("utf8") : undefined;
  }

  /** Opens a pull request as a user; sends `pull_request.opened`. Returns its number. */
  async openPullRequest(params: { repo?: string; head: string; base: string; title: string; body?: string; as?: string }): Promise<number> {
    const pr = await openPull(this.core, this.repo(params.repo), { ...params, user: this.core.user(params.as ?? "octocat") });
    return pr.number;
  }

  /** Opens an issue as a user (no webhook: Ferry does not listen to issues). Returns its number. */
  createIssueAs(params: { repo?: string; title: string; body?: string; as: string }): number {
    return createIssue(this.core, this.repo(params.repo), { title: params.title, body: params.body, user: this.core.user(params.as) }).number;
  }

  /** Comments on an issue or pull request as a user (a `[bot]` login comments as a bot); sends `issue_comment.created`. */
  comment(params: { repo?: string; issue: number; body: string; as: string }): CommentState {
    const user = this.core.user(params.as, params.as.endsWith("[bot]") ? "Bot" : "User");
    return addComment(this.core, this.repo(params.repo), { issueNumber: params.issue, body: params.body, user });
  }

  /** Edits a comment as a user; sends `issue_comment.edited`. */
  editComment(params: { repo?: string; commentId: number; body: string; as: string }): CommentState {
    const repo = this.repo(params.repo);
    return editComment(this.core, repo, { comment: this.core.comment(repo, params.commentId), body: params.body, user: this.core.user(params.as) });
  }

  /** Submits a review as a user; sends `pull_request_review.submitted`. */
  review(params: { repo?: string; pull: number; as: string; state: ReviewState["state"]; body?: string; commitId?: string }): Promise<ReviewState> {
    const repo = this.repo(params.repo);
    return submitReview(this.core, repo, { pull: this.pullRecord(params.pull, params.repo), user: this.core.user(params.as), state: params.state, body: params.body, commitId: params.commitId });
  }

  /** Dismisses a review; sends `pull_request_review.dismissed`. */
  dismissReview(params: { repo?: string; pull: number; reviewId: number; as: string }): Promise<ReviewState> {
    return dismissReview(this.core, this.repo(params.repo), { pull: this.pullRecord(params.pull, params.repo), reviewId: params.reviewId, actor: this.core.user(params.as) });
  }

  /** Merges a pull request with the merge button (merge commit by default). Returns the new base SHA. */
  mergePullRequest(params: { repo?: string; pull: number; as: string; method?: "merge" | "squash" | "rebase" }): Promise<string> {
    return mergePull(this.core, this.repo(params.repo), { pull: this.pullRecord(params.pull, params.repo), actor: this.core.user(params.as), method: params.method });
  }

  /** Closes (or reopens) an issue or pull request without merging; a PR sends `pull_request.closed` or `.reopened`. */
  setIssueState(params: { repo?: string; issue: number; state: "open" | "closed"; as: string }): Promise<void> {
    const repo = this.repo(params.repo);
    const issue = repo.issues.get(params.issue);
    if (!issue) throw new Error(`no issue #${params.issue} in ${repo.fullName}`);
    return setIssueState(this.core, repo, { issue, state: params.state, actor: this.core.user(params.as) });
  }

  /** Clicks "Re-run" on a check run; sends `check_run.rerequested`. */
  rerequestCheckRun(params: { repo?: string; checkRunId: number; as: string }): void {
    const repo = this.repo(params.repo);
    const run = repo.checkRuns.get(params.checkRunId);
    if (run === undefined) throw new Error(`no check run ${params.checkRunId} in ${repo.fullName}`);
    rerequestCheckRun(this.core, repo, run, this.core.user(params.as));
  }

  /** Sets a user's permission on a repository (everyone else has none). */
  setPermission(params: { repo?: string; user: string; permission: Permission }): void {
    this.core.user(params.user);
    this.repo(params.repo).permissions.set(params.user, params.permission);
  }

  /** Adds a user to an organization team. */
  addTeamMember(params: { org?: string; team: string; user: string; role?: "member" | "maintainer" }): void {
    this.core.user(params.user);
    const key = `${params.org ?? "acme"}/${params.team}`.toLowerCase();
    const team = this.core.teams.get(key) ?? new Map<string, "member" | "maintainer">();
    team.set(params.user, params.role ?? "member");
    this.core.teams.set(key, team);
  }

  /** Returns the pull requests of a repository, oldest first. */
  pulls(repo?: string): PullRecord[] {
    return [...this.repo(repo).issues.values()].filter(isPull);
  }

  /** Returns one pull request, or throws. */
  pullRecord(number: number, repo?: string): PullRecord {
    const issue = issueOf(this.repo(repo), number);
    if (!isPull(issue)) throw new Error(`#${number} is an issue, not a pull request`);
    return issue;
  }

  /** Returns the comments on an issue or pull request, oldest first. */
  comments(issue: number, repo?: string): CommentState[] {
    const fullName = this.repo(repo).fullName;
    return [...this.core.comments.values()].filter((c) => c.repo === fullName && c.issueNumber === issue);
  }

  /** Returns the reactions on a comment. */
  reactions(commentId: number): ReactionState[] {
    return this.core.comments.get(commentId)?.reactions ?? [];
  }

  /** Returns check runs, optionally for one commit. */
  checkRuns(params: { repo?: string; sha?: string } = {}): CheckRunState[] {
    return [...this.repo(params.repo).checkRuns.values()].filter((r) => params.sha === undefined || r.headSha === params.sha);
  }

  /** Returns commit statuses, oldest first. */
  statuses(repo?: string): StatusState[] {
    return this.repo(repo).statuses;
  }

  /** Returns deployments, oldest first. */
  deployments(repo?: string): DeploymentState[] {
    return [...this.repo(repo).deployments.values()];
  }
}
