/**
 * `/merge` on a promotion PR: checks reviews and checks itself, then moves the
 * environment branch to exactly the pinned SHA by fast-forward (`force: false`).
 * Ferry never creates a merge commit; GitHub marks the PR merged once the base contains
 * its head.
 */
import type { Settings } from "../config/settings-schema.ts";
import { checkPromoter, environmentOfPromotionBranch } from "../core/promote/index.ts";
import type { PullInfo, RepoHost } from "./ports.ts";

/** What `/merge` did, for the reply. */
export type MergeOutcome =
  | { readonly status: "merged" | "already-merged"; readonly env: string; readonly branch: string; readonly sha: string }
  | { readonly status: "refused"; readonly reason: string };

/** How many times a refused ref update is re-read before Ferry gives up (GitHub's read lag). */
const REREADS = 3;

/** Returns what happened to a `/merge` on PR `pullNumber` asked by `login`. */
export async function mergePromotion(params: {
  host: RepoHost;
  settings: Settings;
  pullNumber: number;
  login: string;
  ownChecks?: (name: string) => boolean;
  auto?: boolean;
  /**
   * Judges Ferry's own rules on the pinned commit now (and refreshes `ferry/policy`):
   * `/merge` never waits on Ferry's check run, but it must not bypass the rules either.
   */
  judgePolicy?: (pull: PullInfo) => Promise<{ readonly passed: boolean }>;
}): Promise<MergeOutcome> {
  const { host, settings, pullNumber, login } = params;
  const isOwnCheck = params.ownChecks ?? ((name: string) => name.startsWith("ferry/"));
  // 1. It must be an open promotion PR into a known environment.
  const pull = await host.getPull(pullNumber);
  const env = environmentOfPromotionBranch(settings, pull.headRef);
  if (!env || pull.baseRef !== env.branch) return { status: "refused", reason: "`/merge` works on Ferry's promotion PRs (from `ferry/promote/<env>`); merge other PRs as usual" };
  if (pull.merged) return { status: "already-merged", env: env.name, branch: env.branch, sha: pull.headSha };
  if (pull.state !== "open") return { status: "refused", reason: "this promotion PR is closed; comment `/promote " + env.name + "` to open a new one" };

  // 2. The person must be allowed to promote into this environment; auto-merge must be allowed by the settings.
  if (params.auto) {
    if (!env.merge.auto) return { status: "refused", reason: `auto-merge is off for ${env.name}` };
  } else {
    const permission = await host.permissionOf(login);
    const teams = [];
    for (const team of env.promoters.teams) if (await host.isTeamMember(team, login)) teams.push(team);
    const decision = checkPromoter({ env, login, permission, teams });
    if (!decision.allowed) return { status: "refused", reason: decision.reason };
  }

  // 3. Approvals on the pinned commit, by someone other than the PR's author.
  const approvals = (await host.listApprovals(pullNumber)).filter((a) => a.commitId === pull.headSha && a.login !== pull.author);
  if (approvals.length < env.merge.approvals) {
    return { status: "refused", reason: `${env.name} needs ${env.merge.approvals} approving review${env.merge.approvals === 1 ? "" : "s"} of \`${pull.headSha.slice(0, 7)}\`; it has ${approvals.length}` };
  }

  // 4. Other checks must be green; Ferry's own are judged by Ferry, so `/merge` never waits on
  // itself. Auto-merge runs right after Ferry's own check completed, so it requires that too.
  const all = await host.listChecks(pull.headSha);
  if (params.auto && !all.some((c) => c.name === "ferry/policy" && c.state === "success")) return { status: "refused", reason: "`ferry/policy` has not passed" };
  const checks = all.filter((c) => !isOwnCheck(c.name));
  const failing = checks.filter((c) => c.state === "failure").map((c) => `\`${c.name}\``);
  if (failing.length > 0) return { status: "refused", reason: `checks failing on \`${pull.headSha.slice(0, 7)}\`: ${failing.join(", ")}` };
  const pending = checks.filter((c) => c.state === "pending").map((c) => `\`${c.name}\``);
  if (pending.length > 0) return { status: "refused", reason: `checks still running on \`${pull.headSha.slice(0, 7)}\`: ${pending.join(", ")}; try again when they finish` };

  // 5. Ferry's own rules, judged now on the pinned commit.
  if (params.judgePolicy && !(await params.judgePolicy(pull)).passed) {
    return { status: "refused", reason: `\`ferry/policy\` fails on \`${pull.headSha.slice(0, 7)}\`; see the check run for what it waits for` };
  }

  // 6. Fast-forward the environment branch to exactly the pinned SHA.
  const moved = await host.setBranch({ branch: env.branch, sha: pull.headSha, force: false });
  if (moved.ok) return { status: "merged", env: env.name, branch: env.branch, sha: pull.headSha };

  // 7. Refused: a duplicate /merge or GitHub's read lag may already have it there.
  for (let i = 0; i < REREADS; i++) {
    if ((await host.branchSha(env.branch)) === pull.headSha) return { status: "already-merged", env: env.name, branch: env.branch, sha: pull.headSha };
  }
  if (moved.reason === "not-fast-forward") {
    return {
      status: "refused",
      reason: `\`${env.branch}\` has moved and no longer fast-forwards to \`${pull.headSha.slice(0, 7)}\` (${moved.message}); comment \`/promote ${env.name}\` to pin a new SHA`,
    };
  }
  return { status: "refused", reason: `GitHub refused to move \`${env.branch}\`: ${moved.message}` };
}
