import type { ProbotOctokit } from "probot";
import { AppError } from "../../errors.ts";

/** An installation-authenticated Octokit (Probot's, with retry and throttling) bound to one repository. */
export interface GitHubClient {
  readonly octokit: InstanceType<typeof ProbotOctokit>;
  readonly owner: string;
  readonly repo: string;
}

/** Returns the HTTP status of an Octokit RequestError, or undefined for other errors. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Returns GitHub's error message of an Octokit RequestError (never its request headers). */
export function githubMessageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown; errors?: unknown } } } | null)?.response?.data;
  const message = typeof data?.message === "string" ? data.message : error instanceof Error ? error.message : String(error);
  const details = Array.isArray(data?.errors)
    ? data.errors.map((e: unknown) => (typeof e === "string" ? e : typeof (e as { message?: unknown })?.message === "string" ? (e as { message: string }).message : "")).filter(Boolean)
    : [];
  return details.length > 0 ? `${message}: ${details.join("; ")}` : message;
}

/** Wraps a GitHub failure once, at the boundary: AppError("github-failed") naming what Ferry was doing, the status and GitHub's message. */
export function wrapGitHubError(error: unknown, doing: string): AppError {
  if (error instanceof AppError) return error;
  const status = httpStatusOf(error);
  return new AppError("github-failed", `GitHub failed while ${doing}${status ? ` (HTTP ${status})` : ""}: ${githubMessageOf(error)}`, { cause: error });
}
