/**
 * `/promote <env> [<sha>]`: pins a SHA the source environment has, checks that the
 * target can fast-forward to it, points `ferry/promote/<env>` at it and opens or
 * updates the one promotion PR for that environment.
 */
import type { Settings } from "../config/settings-schema.ts";
import { buildPromotionPull, checkPromoter, promotionBranch, resolvePromotion } from "../core/promote/index.ts";
import type { Comparison, PullInfo, RepoHost } from "./ports.ts";

/** What `/promote` did, for the reply. `refused` carries the reason, never a secret. */
export type PromoteOutcome =
  | { readonly status: "opened" | "updated"; readonly pull: PullInfo; readonly sha: string; readonly commits: number }
  | { readonly status: "up-to-date"; readonly sha: string }
  | { readonly status: "refused"; readonly reason: string };

/** The request: which environment, an optional SHA, and who asked. */
export interface PromoteRequest {
  readonly envName: string;
  readonly sha: string | undefined;
  readonly login: string;
}

/**
 * Returns what happened to a `/promote` request. Idempotent: a redelivered webhook or
 * two concurrent commands converge on one branch position and one PR.
 */
export async function promoteEnvironment(params: { host: RepoHost; settings: Settings; request: PromoteRequest }): Promise<PromoteOutcome> {
  const { host, settings, request } = params;
  // 1. Resolve the route (source → target) from the default branch's settings.
  const route = resolvePromotion(settings, request.envName);
  if ("error" in route) return { status: "refused", reason: route.error };
  const { source, target } = route;

  // 2. Who asked: the collaborator permission endpoint and team membership, deny by default.
  const permission = await host.permissionOf(request.login);
  const teams = [];
  for (const team of target.promoters.teams) if (await host.isTeamMember(team, request.login)) teams.push(team);
  const decision = checkPromoter({ env: target, login: request.login, permission, teams });
  if (!decision.allowed) return { status: "refused", reason: decision.reason };

  // 3. Pin the SHA: the source head now, or the SHA given, which must be on the source
  // branch; 4. the target must fast-forward to the pin. Without a SHA, one compare of the
  // two branches by name reads both heads and the commits between them; when it cannot
  // (a branch is gone, the list is incomplete) the refs are read one by one.
  const both = request.sha ? undefined : await host.compare(target.branch, source.branch).catch(() => undefined);
  let sha: string;
  let ahead: Comparison;
  let targetHead: string;
  if (both?.headSha !== undefined && both.baseSha !== undefined) [sha, targetHead, ahead] = [both.headSha, both.baseSha, both];
  else {
    const sourceHead = await host.branchSha(source.branch);
    if (!sourceHead) return { status: "refused", reason: `the source branch \`${source.branch}\` of ${source.name} does not exist` };
    sha = sourceHead;
    if (request.sha) {
      const full = await host.commitSha(request.sha);
      // compare(sha, source branch) is "ahead" or "identical" exactly when the branch contains the SHA.
      const onSource = full ? await host.compare(full, source.branch) : undefined;
      if (!full || !onSource || onSource.status === "diverged" || onSource.status === "behind") {
        return { status: "refused", reason: `\`${request.sha}\` is not a commit of \`${source.branch}\`; only what ${source.name} already has can be promoted` };
      }
      sha = full;
    }
    const head = await host.branchSha(target.branch);
    if (!head) return { status: "refused", reason: `the branch \`${target.branch}\` of ${target.name} does not exist; create it from a commit of \`${source.branch}\`` };
    targetHead = head;
    ahead = await host.compare(targetHead, sha);
  }
  if (ahead.status === "identical" || ahead.status === "behind") return { status: "up-to-date", sha };
  if (ahead.status === "diverged") {
    const extra = await host.compare(sha, targetHead);
    const list = extra.commits.slice(0, 10).map((c) => `\`${c.sha.slice(0, 7)}\` ${c.message.split("\n", 1)[0] ?? ""}`).join(", ");
    return {
      status: "refused",
      reason:
        `\`${target.branch}\` has ${extra.aheadBy} commit${extra.aheadBy === 1 ? "" : "s"} that \`${source.branch}\` does not (${list}), so it cannot fast-forward. ` +
        `Bring them into ${source.name} (merge \`${target.branch}\` into \`${source.branch}\`) or reset \`${target.branch}\` to a commit of \`${source.branch}\`, then promote again`,
    };
  }

  // 5. Optionally, the pin must have deployed healthily to the source environment.
  if (target.requireHealthySource) {
    const state = await host.deploymentState({ environment: source.name, sha });
    if (state !== "success") {
      return { status: "refused", reason: `\`${sha.slice(0, 7)}\` has ${state === undefined ? "no deployment" : `a ${state} deployment`} in ${source.name}; ${target.name} requires a healthy one first` };
    }
  }

  // 6. Point ferry/promote/<env> at the pin. Ferry owns this branch, so moving it back is fine.
  const branch = promotionBranch(target);
  // Usually gone (GitHub deletes a merged PR's head branch), so it is created first.
  const moved = await host.setBranch({ branch, sha, force: true, createFirst: true });
  if (!moved.ok) return { status: "refused", reason: `could not move \`${branch}\`: ${moved.message}` };

  // 7. Open or update the one promotion PR: create first (GitHub refuses a second PR for
  // the same head and base), and only when one exists find and update it. A promotion
  // usually opens a new PR, so this saves a request over finding first.
  const text = buildPromotionPull({ route, sha, commits: ahead.commits, requestedBy: request.login });
  let pull: PullInfo | undefined;
  let status: "opened" | "updated" = "updated";
  const created = await host.createPull({ head: branch, base: target.branch, ...text });
  if (created === "exists") pull = await host.findOpenPull({ head: branch, base: target.branch });
  else {
    pull = created;
    status = "opened";
  }
  if (!pull) return { status: "refused", reason: `GitHub did not open the promotion PR from \`${branch}\`; try again` };
  if (status === "updated") await host.updatePull({ number: pull.number, ...text });
  // The report follows from the pull_request.opened/synchronize events this causes, so two
  // handlers never race to write the same comment.
  return { status, pull, sha, commits: ahead.commits.length };
}
