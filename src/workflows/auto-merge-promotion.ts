/**
 * Auto-merge: when an environment's settings allow it, fast-forwards a promotion PR as
 * soon as its approvals are in and every check (Ferry's policy included) is green.
 * Called after Ferry re-evaluates a PR; silent while something is still missing.
 */
import type { Settings } from "../config/settings-schema.ts";
import { environmentOfPromotionBranch } from "../core/promote/index.ts";
import { mergePromotion, type MergeOutcome } from "./merge-promotion.ts";
import type { PullInfo, RepoHost } from "./ports.ts";

/** Returns the merge outcome when the PR was eligible and merged, or undefined when it still waits. */
export async function autoMergePromotion(params: { host: RepoHost; settings: Settings; pull: PullInfo }): Promise<MergeOutcome | undefined> {
  const { host, settings, pull } = params;
  const env = environmentOfPromotionBranch(settings, pull.headRef);
  if (!env?.merge.auto || pull.state !== "open" || pull.baseRef !== env.branch) return undefined;
  const outcome = await mergePromotion({ host, settings, pullNumber: pull.number, login: "ferry", auto: true });
  if (outcome.status !== "merged") return undefined;
  await host.upsertComment({
    issueNumber: pull.number,
    marker: "<!-- ferry:auto-merged -->",
    body: `<!-- ferry:auto-merged -->\nAuto-merged: approvals and checks are green, so Ferry fast-forwarded \`${outcome.branch}\` to \`${outcome.sha.slice(0, 7)}\` (\`merge.auto\` is on for ${outcome.env}).`,
  });
  return outcome;
}
