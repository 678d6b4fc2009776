/**
 * A push to an environment branch deploys it: a GitHub Deployment (environment, ref =
 * the pushed SHA) goes in_progress, the environment is applied to its clusters, the
 * Deployment ends in success or failure, the outcome is commented on the promotion PR
 * that was merged, and a failed SHA gets a failing `ferry/apply` commit status, the mark
 * rollbacks read.
 */
import { applyCommentMarker, renderApplyComment, renderApplyDescription, type EnvironmentOutcome } from "../core/plan/index.ts";
import type { DeploymentRecorder, RepoHost } from "./ports.ts";

/** The commit status context that marks a SHA whose apply failed. */
export const APPLY_STATUS_CONTEXT = "ferry/apply";

/** Inputs of {@link applyOnPush}. */
export interface ApplyOnPushParams {
  /** Where the outcome comment goes. */
  readonly comments: Pick<RepoHost, "upsertComment">;
  readonly recorder: DeploymentRecorder;
  readonly environment: { readonly name: string; readonly branch: string };
  readonly sha: string;
  /** Runs the apply (applyEnvironment bound to the tree, clusters, clock). */
  readonly apply: () => Promise<EnvironmentOutcome>;
  /** Where the apply's log can be read, when the host has one. */
  readonly logUrl?: string;
  /** The Deployment's description, when it is not an ordinary push (a break-glass rollback). */
  readonly description?: string;
}

/** Returns the apply outcome after recording it on GitHub. */
export async function applyOnPush(params: ApplyOnPushParams): Promise<EnvironmentOutcome> {
  const { recorder, environment: env, sha, logUrl } = params;
  // 1. A Deployment of exactly this SHA, in progress.
  const deploymentId = await recorder.createDeployment({ environment: env.name, sha, description: params.description ?? `Ferry applies ${sha.slice(0, 7)} to ${env.name}` });
  await recorder.setDeploymentStatus({ deploymentId, state: "in_progress", description: `applying ${sha.slice(0, 7)}`, logUrl });

  // 2. Apply.
  const outcome = await params.apply();

  // 3. Record the outcome. A superseded SHA was never applied: "error", so it never
  //    counts as a good rollback target, but no ferry/apply mark since nothing failed.
  const description = renderApplyDescription(outcome);
  const state = outcome.status === "applied" || outcome.status === "dry-run" ? "success" : outcome.status === "superseded" ? "error" : "failure";
  await recorder.setDeploymentStatus({ deploymentId, state, description, logUrl });
  if (outcome.status === "failed") await recorder.setCommitStatus({ sha, context: APPLY_STATUS_CONTEXT, state: "failure", description, targetUrl: logUrl });
  if (outcome.status === "applied") await recorder.setCommitStatus({ sha, context: APPLY_STATUS_CONTEXT, state: "success", description, targetUrl: logUrl });

  // 4. Tell the people who merged: comment on the promotion PR whose head was this SHA.
  const pull = await recorder.findMergedPull({ base: env.branch, headSha: sha });
  if (pull) await params.comments.upsertComment({ issueNumber: pull.number, marker: applyCommentMarker(env.name), body: renderApplyComment(outcome, logUrl) });
  return outcome;
}
