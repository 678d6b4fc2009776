/**
 * `push` to an environment branch: when the branch no longer fast-forwards from its
 * source (someone merged with a merge commit, or pushed to it directly), explains it on
 * the open promotion PR with the fix.
 */
import type { Context } from "probot";
import { promotionBranch } from "../../core/promote/index.ts";
import type { AppDeps } from "./app-deps.ts";
import { loadSettings } from "./load-settings.ts";
import { OctokitRepoHost } from "./octokit-repo-host.ts";
import { isAppError } from "../../errors.ts";

/** Handles one push delivery. */
export async function handlePush(context: Context<"push">, deps: AppDeps): Promise<void> {
  const { ref, after, deleted } = context.payload;
  if (deleted || !ref.startsWith("refs/heads/")) return;
  const branch = ref.slice("refs/heads/".length);
  const { owner, repo } = context.repo();
  const host = new OctokitRepoHost({ octokit: context.octokit, owner, repo }, deps.blobCache);
  const settings = await loadSettings(context).catch((error: unknown) => {
    if (isAppError(error)) return undefined;
    throw error;
  });
  const env = settings?.environments.find((e) => e.branch === branch);
  const source = env?.promotesFrom ? settings?.environments.find((e) => e.name === env.promotesFrom) : undefined;
  if (!env || !source) return;

  const comparison = await host.compare(after, source.branch);
  if (comparison.status !== "diverged" && comparison.status !== "behind") return;
  const extra = await host.compare(source.branch, after);
  const pull = await host.findOpenPull({ head: promotionBranch(env), base: env.branch });
  if (!pull) return;
  const commits = extra.commits.slice(0, 10).map((c) => `- \`${c.sha.slice(0, 7)}\` ${c.message.split("\n", 1)[0] ?? ""}`);
  const marker = `<!-- ferry:diverged env=${env.name} -->`;
  await host.upsertComment({
    issueNumber: pull.number,
    marker,
    body: [
      marker,
      `:warning: \`${env.branch}\` now has ${extra.aheadBy} commit${extra.aheadBy === 1 ? "" : "s"} that \`${source.branch}\` does not, so it can no longer move by fast-forward:`,
      "",
      ...commits,
      "",
      `This happens when a PR into \`${env.branch}\` is merged with a merge commit, or someone pushes to it. To fix it, either`,
      `- bring those commits into ${source.name}: merge \`${env.branch}\` into \`${source.branch}\`, then comment \`/promote ${env.name}\` here; or`,
      `- reset \`${env.branch}\` to the last commit it shared with \`${source.branch}\`.`,
    ].join("\n"),
  });
}
