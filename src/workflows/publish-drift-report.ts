/**
 * Posts the live-drift section of a promotion PR report as its own comment, separate
 * from the git diff and stamped with when each cluster was read: what is live in the
 * target that merging will overwrite, what is missing, what is orphaned. An unreachable
 * cluster is said so in the section; the git diff (posted first, by publishReport) is
 * never held back by it.
 */
import type { Settings } from "../config/settings-schema.ts";
import { driftMarker } from "../core/drift/index.ts";
import type { Renderers } from "../core/render/index.ts";
import { isAppError } from "../errors.ts";
import type { Clock, ClusterConnector, PullInfo, RepoHost } from "./ports.ts";
import { readEnvironmentDrift } from "./read-environment-drift.ts";

/** Posts or refreshes the drift comment on `pull`; returns false when the PR does not target an environment branch. */
export async function publishDriftReport(params: { host: RepoHost; settings: Settings; pull: PullInfo; connect: ClusterConnector; clock: Clock; renderers?: Renderers }): Promise<boolean> {
  const { host, settings, pull } = params;
  // 1. Which environment the PR changes.
  const environment = settings.environments.find((e) => e.branch === pull.baseRef);
  if (!environment) return false;
  const marker = driftMarker(environment.name);

  // 2. Its live drift; a failure to read it becomes the section's text.
  let body: string;
  try {
    body = (await readEnvironmentDrift({ host, settings, environment, connect: params.connect, clock: params.clock, besideDiff: true, renderers: params.renderers })).markdown;
  } catch (error) {
    if (!isAppError(error)) throw error;
    body = `${marker}\n### Live drift of ${environment.name}\n\n:warning: Ferry could not read the live drift: ${error.message} \`[${error.code}]\`. The git diff above is unaffected.\n`;
  }

  // 3. One comment per environment, updated in place.
  await host.upsertComment({ issueNumber: pull.number, marker, body });
  return true;
}
