/**
 * Webhooks that (re)run the `ferry/policy` check: pull_request opened, synchronize and
 * reopened; pull_request_review submitted and dismissed; check_run rerequested. `/diff`
 * calls runPolicyCheckForPull too. Settings always come from the default branch
 * (loadSettings); a repository without settings is not Ferry's, and is left alone.
 */
import type { Context } from "probot";
import type { Settings } from "../../config/index.ts";
import { POLICY_CHECK_NAME } from "../../core/policy/index.ts";
import { AppError, isAppError } from "../../errors.ts";
import type { PullInfo, RepoHost } from "../../workflows/ports.ts";
import { runPolicyCheck } from "../../workflows/run-policy-check.ts";
import { autoMergePromotion } from "../../workflows/auto-merge-promotion.ts";
import type { AppDeps } from "./app-deps.ts";
import { loadSettings, type ConfigSource } from "./load-settings.ts";
import { OctokitRepoHost } from "./octokit-repo-host.ts";
import { readCurrentPull } from "./read-current-pull.ts";
import { judgePullEvent } from "../../core/events/index.ts";

type PolicyContext = Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened" | "pull_request_review.submitted" | "pull_request_review.dismissed">;

/** Handles a pull_request or pull_request_review delivery: re-evaluates the PR's head. */
export async function handlePolicyEvent(context: PolicyContext, deps: AppDeps): Promise<void> {
  const pr = context.payload.pull_request;
  const { owner, repo } = context.repo();
  const host = new OctokitRepoHost({ octokit: context.octokit, owner, repo }, deps.blobCache);
  if (pr.state !== "open") return;
  // The fresh read below costs a request: not for repositories without settings or PRs
  // outside the environment branches, which the check leaves alone anyway (the settings
  // are read once per delivery, so runPolicyCheckForPull gets them again for free).
  const settings = await loadSettings(context).catch((error: unknown) => {
    if (isAppError(error)) return error;
    throw error;
  });
  if (isAppError(settings) ? settings.code === "config-missing" : !settings.environments.some((e) => e.branch === pr.base.ref)) return;
  // Judged against the PR as it is now (shared with the report handler of the same delivery):
  // a late event must not check an old head or try to merge a PR that is already merged.
  const pull = await readCurrentPull({ delivery: context.id, deps, host, repo: `${owner}/${repo}`, number: pr.number });
  const verdict = judgePullEvent({ eventHeadSha: pr.head.sha, current: pull });
  if (!verdict.act) {
    context.log.info({ pr: pr.number, headSha: pr.head.sha, reason: verdict.reason }, `ferry/policy left alone: ${verdict.why}`);
    return;
  }
  await runPolicyCheckForPull({ context, host, pull, deps });
}

/** Handles check_run.rerequested on `ferry/policy`: re-evaluates each PR of the run. */
export async function handlePolicyRerequest(context: Context<"check_run.rerequested">, deps: AppDeps): Promise<void> {
  const run = context.payload.check_run;
  if (run.name !== POLICY_CHECK_NAME) return;
  const { owner, repo } = context.repo();
  const host = new OctokitRepoHost({ octokit: context.octokit, owner, repo }, deps.blobCache);
  for (const ref of run.pull_requests) {
    const pull = await host.getPull(ref.number);
    if (pull.state === "open") await runPolicyCheckForPull({ context, host, pull, deps });
  }
}

/** Loads the default branch's settings and runs the check on `pull`; invalid settings fail the check. */
export async function runPolicyCheckForPull(params: { context: ConfigSource; host: RepoHost; pull: PullInfo; deps?: AppDeps }): Promise<void> {
  let settings: Settings | AppError;
  try {
    settings = await loadSettings(params.context);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "config-missing") return;
    settings = error;
  }
  await runPolicyCheck({ host: params.host, settings, pull: params.pull, renderers: params.deps?.renderers });
  // With the check fresh, a promotion whose environment allows it may merge itself now.
  if (!(settings instanceof AppError)) await autoMergePromotion({ host: params.host, settings, pull: params.pull });
}
