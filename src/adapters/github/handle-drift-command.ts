/**
 * The GitHub side of live drift: `/drift <env>` replies, and the drift section of PR
 * reports. Both read the environment's clusters with Ferry's own credentials
 * (`deps.connectCluster`); without any, they say so instead of guessing.
 */
import type { Settings } from "../../config/index.ts";
import { renderHelp } from "../../core/promote/index.ts";
import { isAppError } from "../../errors.ts";
import type { Conversation, PullInfo, RepoHost } from "../../workflows/ports.ts";
import { publishDriftReport } from "../../workflows/publish-drift-report.ts";
import { readEnvironmentDrift } from "../../workflows/read-environment-drift.ts";
import type { AppDeps } from "./app-deps.ts";

const clock = { now: () => new Date() };

/** Answers `/drift <env>` with the environment's drift report (👍 when in sync, 😕 when drifting or unknown). */
export async function replyDrift(params: { host: RepoHost; settings: Settings; envName: string; deps: AppDeps; conversation: Conversation }): Promise<void> {
  const { conversation, settings } = params;
  const environment = settings.environments.find((e) => e.name === params.envName);
  if (!environment) {
    await conversation.reply(renderHelp(settings, `there is no environment "${params.envName}"`));
    return conversation.react("confused");
  }
  if (!params.deps.connectCluster) {
    await conversation.reply(`Ferry has no cluster credentials configured, so it cannot read ${environment.name}'s clusters (${environment.clusters.join(", ")}); set FERRY_CLUSTERS in Ferry's environment.`);
    return conversation.react("confused");
  }
  const report = await readEnvironmentDrift({ host: params.host, settings, environment, connect: params.deps.connectCluster, clock, renderers: params.deps.renderers, ...(params.deps.metrics && { metrics: params.deps.metrics }) });
  await conversation.reply(report.markdown);
  await conversation.react(report.drifting || report.incomplete ? "confused" : "+1");
}

/**
 * Posts the drift section of a PR into an environment branch, after the git diff. Never
 * throws: whatever goes wrong is logged, so the diff report stands on its own.
 */
export async function postPullDrift(params: { host: RepoHost; settings: Settings; pull: PullInfo; deps: AppDeps; log: { warn(obj: object, msg: string): void } }): Promise<void> {
  const connect = params.deps.connectCluster;
  if (!connect) return;
  try {
    await publishDriftReport({ host: params.host, settings: params.settings, pull: params.pull, connect, clock, renderers: params.deps.renderers });
  } catch (error) {
    params.log.warn({ err: isAppError(error) ? { code: error.code, message: error.message } : error }, "drift section not posted");
  }
}
