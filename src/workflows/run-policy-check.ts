/**
 * Runs the `ferry/policy` check on a PR into an environment branch: one check run per
 * head SHA, written once, completed, with findings, annotations and a conclusion.
 * Settings (rules, exemptions, owners) are the default branch's, passed in by the
 * caller; a PR cannot loosen the rules it is judged by. Fails closed: invalid settings,
 * a render error or a GitHub failure completes the check as a failure with the reason.
 */
import type { EnvironmentSettings, Settings } from "../config/settings-schema.ts";
import { evaluateEnvironmentPolicy, POLICY_CHECK_NAME, renderPolicyCheckRun, renderPolicyFailure, type PolicyCheckRun, type PullFacts, type ReviewFacts } from "../core/policy/index.ts";
import { promotionBranch } from "../core/promote/resolve-promotion.ts";
import type { Renderers } from "../core/render/index.ts";
import { AppError, isAppError } from "../errors.ts";
import type { PullInfo, RepoHost } from "./ports.ts";

/** What the check concluded, or why it did not run. */
export type PolicyCheckOutcome = { readonly status: "skipped"; readonly reason: string } | { readonly status: "completed"; readonly conclusion: PolicyCheckRun["conclusion"] };

/**
 * Evaluates the policy for `pull` and writes the check run. `settings` is the default
 * branch's settings, or the error reading them (reported as a failing check).
 *
 * @example
 * await runPolicyCheck({ host, settings: await loadSettings(context), pull });
 */
export async function runPolicyCheck(params: { host: RepoHost; settings: Settings | AppError; pull: PullInfo; renderers?: Renderers }): Promise<PolicyCheckOutcome> {
  const { host, settings, pull } = params;
  const write = async (run: PolicyCheckRun) => {
    await host.upsertCheckRun({ name: POLICY_CHECK_NAME, headSha: pull.headSha, status: "completed", conclusion: run.conclusion, output: run });
    return { status: "completed" as const, conclusion: run.conclusion };
  };
  // 1. Settings that do not validate block every PR until they are fixed (fail closed).
  if (settings instanceof AppError) return write(renderPolicyFailure(`the settings on the default branch are invalid: ${settings.message} [${settings.code}]`));
  // 2. Only PRs into an environment branch are judged.
  const environment = settings.environments.find((e) => e.branch === pull.baseRef);
  if (!environment) return { status: "skipped", reason: `${pull.baseRef} is not an environment branch` };
  // No "in progress" run first: it cost two GitHub writes per event (create, then update)
  // for a check that completes in about a second; a required check that has not reported
  // blocks a merge just as one in progress does.
  try {
    // 3. Facts from GitHub, 4. the rules, 5. the completed check run.
    const facts = await gatherFacts(host, settings, environment, pull);
    const result = await evaluateEnvironmentPolicy({ settings, environment, ...facts, ...(params.renderers && { renderers: params.renderers }) });
    return await write(renderPolicyCheckRun(result, { headSha: pull.headSha }));
  } catch (error) {
    const reason = isAppError(error) ? `${error.message} [${error.code}]` : "Ferry hit an unexpected error; the details are in Ferry's log";
    await write(renderPolicyFailure(reason));
    if (!isAppError(error)) throw error;
    return { status: "completed", conclusion: "failure" };
  }
}

async function gatherFacts(host: RepoHost, settings: Settings, environment: EnvironmentSettings, pull: PullInfo) {
  const baseSha = pull.baseSha ?? (await host.branchSha(environment.branch));
  const [headTree, baseTree, comparison, approvals] = await Promise.all([
    host.openTree(pull.headSha),
    baseSha ? host.openTree(baseSha) : Promise.resolve(undefined),
    baseSha ? host.compare(baseSha, pull.headSha) : Promise.resolve(undefined),
    host.listApprovals(pull.number),
  ]);
  const reviews: ReviewFacts = { headSha: pull.headSha, approvals, teamMembers: await teamMembers(host, settings, approvals.filter((a) => a.commitId === pull.headSha).map((a) => a.login)) };

  const source = settings.environments.find((e) => e.name === environment.promotesFrom);
  const isPromotion = source !== undefined && (pull.headRef === promotionBranch(environment) || pull.headRef === source.branch);
  let commitsNotInSource: string[] = [];
  if (source && !pull.headRef.startsWith(`ferry/rollback/`)) {
    // Rollback PRs restore a tree production already ran; every other commit must come from the source branch.
    // Compared with the branch by name: GitHub resolves it, which saves reading the ref first.
    // A source branch that is gone (or a compare that fails) counts as nothing in source.
    const fromSource = await host.compare(source.branch, pull.headSha).catch((error: unknown) => {
      if (isAppError(error)) return undefined;
      throw error;
    });
    commitsNotInSource = fromSource === undefined ? [pull.headSha.slice(0, 7)] : fromSource.commits.map((c) => c.sha.slice(0, 7));
  }
  const pullFacts: PullFacts = {
    author: pull.author,
    pushers: [...new Set((comparison?.commits ?? []).map((c) => c.author).filter((a): a is string => a !== undefined && a !== ""))].sort(),
    isPromotion,
    fastForward: comparison === undefined || comparison.status === "ahead" || comparison.status === "identical",
    commitsNotInSource,
  };
  return {
    headTree,
    ...(baseTree ? { baseTree } : {}),
    reviews,
    pull: pullFacts,
    ...(isPromotion && source ? { source: { environment: source, sha: pull.headSha, tree: headTree } } : {}),
  };
}

/** Returns, per team the settings name, which of `logins` are active members (asked only for approvers). */
async function teamMembers(host: RepoHost, settings: Settings, logins: readonly string[]): Promise<Record<string, string[]>> {
  const teams = new Set([...settings.policy.secrets.reviewers, ...settings.policy.ownership.flatMap((o) => o.teams)]);
  const out: Record<string, string[]> = {};
  for (const team of [...teams].sort()) {
    const members: string[] = [];
    for (const login of logins) if (await host.isTeamMember(team, login)) members.push(login);
    out[team] = members;
  }
  return out;
}
