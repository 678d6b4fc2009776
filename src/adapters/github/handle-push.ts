/**
 * `push` to a branch: follows up on environment branches (back-merge after a rollback,
 * divergence warnings). Applying the pushed SHA is registered separately.
 */
import type { Context } from "probot";
import { isAppError } from "../../errors.ts";
import { followEnvironmentPush } from "../../workflows/follow-environment-push.ts";
import type { AppDeps } from "./app-deps.ts";
import { loadSettings } from "./load-settings.ts";
import { OctokitRepoHost } from "./octokit-repo-host.ts";

/** Handles one push delivery; invalid settings make it do nothing (the comment handlers report them). */
export async function handlePush(context: Context<"push">, deps: AppDeps): Promise<void> {
  const { ref, after, deleted } = context.payload;
  if (deleted || !ref.startsWith("refs/heads/") || ref.startsWith("refs/heads/ferry/")) return;
  // Ferry's own promotion and rollback branches are never environment branches: no settings read.
  const { owner, repo } = context.repo();
  const host = new OctokitRepoHost({ octokit: context.octokit, owner, repo }, deps.blobCache);
  const settings = await loadSettings(context).catch((error: unknown) => {
    if (isAppError(error)) return undefined;
    throw error;
  });
  if (!settings) return;
  const followUp = await followEnvironmentPush({ host, settings, branch: ref.slice("refs/heads/".length), after });
  if (followUp !== "none") context.log.info({ followUp, ref }, "environment push followed up");
}
