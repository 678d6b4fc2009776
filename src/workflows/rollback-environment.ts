/**
 * `/rollback <env> [<sha>]`: returns an environment to an earlier good state without
 * rebuilding. Makes a commit on top of the environment branch whose tree is the target
 * SHA's tree (so merging it is a fast-forward and git stays the source of truth), points
 * `ferry/rollback/<env>` at it and opens or updates the rollback PR; `/merge` then
 * fast-forwards and applies it like any promotion.
 */
import type { Settings } from "../config/settings-schema.ts";
import { checkPromoter } from "../core/promote/index.ts";
import { chooseRollbackTarget } from "../core/rollback/index.ts";
import type { PullInfo, RepoHost } from "./ports.ts";

/** What `/rollback` did, for the reply. */
export type RollbackOutcome =
  | { readonly status: "opened" | "updated"; readonly pull: PullInfo; readonly target: string; readonly commit: string }
  | { readonly status: "refused"; readonly reason: string };

/** Returns the branch Ferry points at the rollback commit for `env`. */
export function rollbackBranch(envName: string): string {
  return `ferry/rollback/${envName}`;
}

/** Returns what happened to a `/rollback` request. Idempotent per target: one PR per environment. */
export async function rollbackEnvironment(params: { host: RepoHost; settings: Settings; envName: string; sha: string | undefined; login: string; breakGlass?: boolean }): Promise<RollbackOutcome> {
  const { host, settings, envName, login } = params;
  // 1. The environment, and the same permission rules as /promote.
  const env = settings.environments.find((e) => e.name === envName);
  if (!env) return { status: "refused", reason: `there is no environment "${envName}"; environments: ${settings.environments.map((e) => `\`${e.name}\``).join(", ")}` };
  // Break-glass members (checked by the caller against `rollback.breakGlass`) need no promote rights.
  if (!params.breakGlass) {
    const permission = await host.permissionOf(login);
    const teams = [];
    for (const team of env.promoters.teams) if (await host.isTeamMember(team, login)) teams.push(team);
    const decision = checkPromoter({ env, login, permission, teams });
    if (!decision.allowed) return { status: "refused", reason: decision.reason };
  }

  // 2. The target: the newest earlier good deployment, or the SHA asked for; never a bad one.
  const head = await host.branchSha(env.branch);
  if (!head) return { status: "refused", reason: `the branch \`${env.branch}\` does not exist` };
  const history = await host.listDeployments(env.name);
  const current = history[0]?.sha ?? head;
  const choice = chooseRollbackTarget({ environment: env.name, history, current, ...(params.sha ? { requested: params.sha } : {}) });
  if ("error" in choice) return { status: "refused", reason: choice.error };

  // 3. A commit on top of the branch with the target's tree: a fast-forward, nothing rebuilt.
  const message = `Roll back ${env.name} to ${choice.target.slice(0, 7)}\n\nRequested by @${login} with /rollback. The tree is exactly the tree of ${choice.target}, which deployed successfully to ${env.name}.\n\nFerry-Rollback: ${env.name} ${choice.target}`;
  const commit = await host.createCommitWithTreeOf({ treeOf: choice.target, parent: head, message });
  const branch = rollbackBranch(env.name);
  const moved = await host.setBranch({ branch, sha: commit, force: true });
  if (!moved.ok) return { status: "refused", reason: `could not move \`${branch}\`: ${moved.message}` };

  // 4. Open or update the one rollback PR.
  const title = `Roll back ${env.name} to ${choice.target.slice(0, 7)}`;
  const body = [
    `<!-- ferry:rollback env=${env.name} sha=${choice.target} -->`,
    `Returns **${env.name}** to \`${choice.target}\`, its last good state, by a fast-forward of \`${env.branch}\` to \`${commit.slice(0, 7)}\` (a commit whose tree is that SHA's tree). Nothing is rebuilt.`,
    "",
    `Requested by @${login}. Comment \`/merge\` to fast-forward and apply. After it lands Ferry opens a PR that brings the rollback back into the source branch, so the next promotion fast-forwards again.`,
  ].join("\n");
  let pull = await host.findOpenPull({ head: branch, base: env.branch });
  let status: "opened" | "updated" = "updated";
  if (!pull) {
    const created = await host.createPull({ head: branch, base: env.branch, title, body });
    if (created === "exists") pull = await host.findOpenPull({ head: branch, base: env.branch });
    else [pull, status] = [created, "opened"];
  }
  if (!pull) return { status: "refused", reason: `GitHub did not open the rollback PR from \`${branch}\`; try again` };
  if (status === "updated") await host.updatePull({ number: pull.number, title, body });
  // The report follows from the pull_request events this causes (see promoteEnvironment).
  return { status, pull, target: choice.target, commit };
}
