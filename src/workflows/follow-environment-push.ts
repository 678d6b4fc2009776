/**
 * After a push to an environment branch, keeps the promotion chain able to
 * fast-forward: when the branch now has commits its source lacks, either they are
 * Ferry's rollback commits (then Ferry opens the PR that brings them back into the
 * source branch) or someone merged or pushed around Ferry (then the open promotion PR
 * gets an explanation and the fix).
 */
import type { Settings } from "../config/settings-schema.ts";
import { promotionBranch } from "../core/promote/index.ts";
import type { RepoHost } from "./ports.ts";

/** What Ferry did about the push. */
export type PushFollowUp = "none" | "back-merge-opened" | "back-merge-exists" | "warned";

/** Returns what was done after `branch` moved to `after`. */
export async function followEnvironmentPush(params: { host: RepoHost; settings: Settings; branch: string; after: string }): Promise<PushFollowUp> {
  const { host, settings, branch, after } = params;
  // 1. Only environments that are promoted from another one have a lineage to keep.
  const env = settings.environments.find((e) => e.branch === branch);
  const source = env?.promotesFrom ? settings.environments.find((e) => e.name === env.promotesFrom) : undefined;
  if (!env || !source) return "none";
  const extra = await host.compare(source.branch, after);
  if (extra.aheadBy === 0) return "none";

  // 2. Ferry's own rollback commits: open the back-merge PR into the source branch.
  if (extra.commits.every((c) => c.message.includes(`Ferry-Rollback: ${env.name} `))) {
    if (await host.findOpenPull({ head: env.branch, base: source.branch })) return "back-merge-exists";
    const created = await host.createPull({
      head: env.branch,
      base: source.branch,
      title: `Bring the ${env.name} rollback back into ${source.name}`,
      body: [
        `<!-- ferry:back-merge env=${env.name} -->`,
        `\`${env.branch}\` was rolled back with a commit \`${source.branch}\` does not have (${extra.commits.map((c) => `\`${c.sha.slice(0, 7)}\``).join(", ")}).`,
        `Until \`${source.branch}\` contains it, the next promotion to ${env.name} cannot fast-forward.`,
        "",
        `Merge this PR (a merge commit is fine on \`${source.branch}\`) to bring the revert into ${source.name} too; fix forward there, then \`/promote ${env.name}\` again.`,
      ].join("\n"),
    });
    return created === "exists" ? "back-merge-exists" : "back-merge-opened";
  }

  // 3. Anything else: explain on the open promotion PR how to get back to fast-forwards.
  const pull = await host.findOpenPull({ head: promotionBranch(env), base: env.branch });
  if (!pull) return "none";
  const marker = `<!-- ferry:diverged env=${env.name} -->`;
  await host.upsertComment({
    issueNumber: pull.number,
    marker,
    body: [
      marker,
      `:warning: \`${env.branch}\` now has ${extra.aheadBy} commit${extra.aheadBy === 1 ? "" : "s"} that \`${source.branch}\` does not, so it can no longer move by fast-forward:`,
      "",
      ...extra.commits.slice(0, 10).map((c) => `- \`${c.sha.slice(0, 7)}\` ${c.message.split("\n", 1)[0] ?? ""}`),
      "",
      `This happens when a PR into \`${env.branch}\` is merged with a merge commit, or someone pushes to it. To fix it, either`,
      `- bring those commits into ${source.name}: merge \`${env.branch}\` into \`${source.branch}\`, then comment \`/promote ${env.name}\` here; or`,
      `- reset \`${env.branch}\` to the last commit it shared with \`${source.branch}\`.`,
    ].join("\n"),
  });
  return "warned";
}
