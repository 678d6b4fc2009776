/**
 * The in-memory state of the fake GitHub beside the git repositories: issues and
 * pull requests, comments, reactions, reviews, checks, statuses, deployments,
 * permissions and teams. Git data (refs, commits, trees) lives only in git.
 */
import { AppError } from "../../../src/errors.ts";
import type { GitRepo } from "./git/git-repo.ts";

/** Repository permission levels as the collaborator permission endpoint reports them. */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** A GitHub account. */
export interface User {
  readonly login: string;
  readonly id: number;
  readonly type: "User" | "Bot" | "Organization";
  readonly name: string;
  readonly email: string;
}

/** A reaction on an issue comment. */
export interface ReactionState {
  readonly id: number;
  readonly content: string;
  readonly user: User;
  readonly createdAt: string;
}

/** An issue comment (pull request conversation comments are issue comments). */
export interface CommentState {
  readonly id: number;
  readonly repo: string;
  readonly issueNumber: number;
  body: string;
  readonly user: User;
  readonly createdAt: string;
  updatedAt: string;
  readonly reactions: ReactionState[];
}

/** A pull request review. */
export interface ReviewState {
  readonly id: number;
  readonly user: User;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  readonly body: string;
  readonly commitId: string;
  readonly submittedAt: string;
}

/** The pull-request half of an issue. */
export interface PullState {
  readonly id: number;
  readonly headRef: string;
  headSha: string;
  baseRef: string;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: User | null;
  mergeCommitSha: string | null;
  draft: boolean;
  maintainerCanModify: boolean;
  readonly reviews: ReviewState[];
}

/** An issue; `pull` is set when the issue is a pull request. */
export interface IssueState {
  readonly number: number;
  readonly id: number;
  title: string;
  body: string | null;
  readonly user: User;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: User | null;
  readonly pull: PullState | undefined;
}

/** A check run with its annotations. */
export interface CheckRunState {
  readonly id: number;
  readonly checkSuiteId: number;
  name: string;
  readonly headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  readonly annotations: Record<string, unknown>[];
  actions: Record<string, unknown>[];
}

/** A commit status. */
export interface StatusState {
  readonly id: number;
  readonly sha: string;
  readonly state: "error" | "failure" | "pending" | "success";
  readonly context: string;
  readonly description: string | null;
  readonly targetUrl: string | null;
  readonly creator: User;
  readonly createdAt: string;
}

/** A deployment status. */
export interface DeploymentStatusState {
  readonly id: number;
  readonly state: string;
  readonly description: string;
  readonly environment: string;
  readonly logUrl: string;
  readonly environmentUrl: string;
  readonly creator: User;
  readonly createdAt: string;
}

/** A deployment with its statuses (newest last). */
export interface DeploymentState {
  readonly id: number;
  readonly sha: string;
  readonly ref: string;
  readonly task: string;
  readonly environment: string;
  readonly payload: unknown;
  readonly description: string | null;
  readonly creator: User;
  readonly createdAt: string;
  readonly transient: boolean;
  readonly production: boolean;
  readonly statuses: DeploymentStatusState[];
}

/** One repository: git on disk plus GitHub-only state. */
export interface RepoState {
  readonly id: number;
  readonly owner: User;
  readonly name: string;
  readonly fullName: string;
  readonly defaultBranch: string;
  readonly private: boolean;
  readonly git: GitRepo;
  readonly createdAt: string;
  nextNumber: number;
  readonly issues: Map<number, IssueState>;
  readonly checkRuns: Map<number, CheckRunState>;
  readonly statuses: StatusState[];
  readonly deployments: Map<number, DeploymentState>;
  readonly permissions: Map<string, Permission>;
}

/** An HTTP answer GitHub would give instead of a result (404, 422, ...). */
export class ApiError extends AppError {
  readonly status: number;
  readonly details: Record<string, unknown>;
  constructor(status: number, message: string, details: Record<string, unknown> = {}) {
    super("github-failed", message);
    this.status = status;
    this.details = details;
  }
}

/** Returns a 404 error in GitHub's words. */
export function notFound(): ApiError {
  return new ApiError(404, "Not Found");
}

/** Returns a 422 "Validation Failed" error with GitHub's `errors` list. */
export function validationFailed(message: string, errors: Record<string, unknown>[] = []): ApiError {
  return new ApiError(422, message, errors.length > 0 ? { errors } : {});
}
