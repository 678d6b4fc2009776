/**
 * `pull_request` opened, synchronize, reopened: posts or refreshes the rendered-diff
 * report on PRs into an environment branch (promotion PRs included). An event whose head
 * the PR no longer has, or that arrives after the PR was merged or closed, is logged and
 * left alone.
 */
import type { Context } from "probot";
import type { AppDeps } from "./app-deps.ts";
import { loadSettings } from "./load-settings.ts";
import { OctokitRepoHost } from "./octokit-repo-host.ts";
import { publishReport } from "../../workflows/publish-report.ts";
import { postPullDrift } from "./handle-drift-command.ts";
import { isAppError } from "../../errors.ts";
import { judgePullEvent } from "../../core/events/index.ts";
import { readCurrentPull } from "./read-current-pull.ts";

type PullContext = Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened">;

/** Handles one pull_request delivery. Invalid settings are reported on the PR, never thrown. */
export async function handlePullRequest(context: PullContext, deps: AppDeps): Promise<void> {
  const { pull_request: pr } = context.payload;
  const { owner, repo } = context.repo();
  const host = new OctokitRepoHost({ octokit: context.octokit, owner, repo }, deps.blobCache);
  let settings;
  try {
    settings = await loadSettings(context);
  } catch (error) {
    if (!isAppError(error)) throw error;
    // Only PRs that look like environment PRs hear about broken settings.
    if (pr.head.ref.startsWith("ferry/")) await host.upsertComment({ issueNumber: pr.number, marker: "<!-- ferry:settings-error -->", body: `<!-- ferry:settings-error -->\n:warning: ${error.message}` });
    return;
  }
  if (!settings.environments.some((e) => e.branch === pr.base.ref)) return;
  // The payload is the PR as it was when GitHub sent the event; late and repeated
  // deliveries are judged against the PR as it is now.
  const pull = await readCurrentPull({ delivery: context.id, deps, host, repo: `${owner}/${repo}`, number: pr.number });
  const verdict = judgePullEvent({ eventHeadSha: pr.head.sha, current: pull });
  if (!verdict.act) {
    context.log.info({ pr: pr.number, headSha: pr.head.sha, reason: verdict.reason }, `report left alone: ${verdict.why}`);
    return;
  }
  if (!(await publishReport({ host, settings, pull, renderers: deps.renderers }))) {
    context.log.info({ pr: pr.number, headSha: pr.head.sha }, "report not written: a newer event of this PR already wrote it, or the base branch is gone");
    return;
  }
  // The live drift goes in its own comment, after the git diff, which it never holds back.
  await postPullDrift({ host, settings, pull, deps, log: context.log });
}
