/**
 * Posts the rendered-diff report on a PR into an environment branch: renders the
 * environment's path at the branch head and at the PR head, diffs them (secrets masked
 * first), and keeps one report per environment up to date on the PR, split into parts
 * when it passes GitHub's comment limit.
 */
import type { Settings } from "../config/settings-schema.ts";
import { diffManifests } from "../core/diff/index.ts";
import { describeRenderEngine, renderWithEngine, type RenderEngine, type Renderers } from "../core/render/index.ts";
import { renderDiffComment, reportMarkerPrefix } from "../core/report/index.ts";
import { isAppError } from "../errors.ts";
import type { PullInfo, RepoHost } from "./ports.ts";

/**
 * Renders and posts the report for `pull`; returns false when the PR does not target an
 * environment branch, or when a report of a newer state of the PR is already there. A render failure is reported on the PR (failing closed), not thrown.
 */
export async function publishReport(params: { host: RepoHost; settings: Settings; pull: PullInfo; renderers?: Renderers }): Promise<boolean> {
  const { host, settings, pull } = params;
  // 1. Which environment the PR changes.
  const env = settings.environments.find((e) => e.branch === pull.baseRef);
  if (!env) return false;
  const markerPrefix = reportMarkerPrefix(env.name);

  // 2. Both sides: the environment branch as it is now, and the PR head.
  const baseSha = pull.baseSha ?? (await host.branchSha(env.branch));
  if (!baseSha) return false;
  let parts: readonly string[];
  try {
    const engine = { engine: env.render.engine, renderers: params.renderers };
    const [before, after] = await Promise.all([renderAt(host, baseSha, env.path, engine), renderAt(host, pull.headSha, env.path, engine)]);
    // 3. Diff and report.
    const diff = diffManifests({ before, after });
    parts = renderDiffComment(diff, {
      environment: env.name,
      from: { sha: baseSha, ref: env.branch },
      to: { sha: pull.headSha, ref: pull.headRef },
      // Which engine rendered both sides, always: `builtin` never falls back silently.
      notes: [`${describeRenderEngine(env.render.engine)}.`],
      options: settings.report,
    }).parts;
  } catch (error) {
    if (!isAppError(error)) throw error;
    parts = [`${markerPrefix} part=1 -->\n### :x: Ferry could not render \`${env.path}/\` for ${env.name}\n\n${describeRenderEngine(env.render.engine)}: ${error.message} \`[${error.code}]\`\n\nNothing can be promoted or applied until the render succeeds.\n`];
  }
  // 4. One set of comments per environment, updated in place.
  const written = await host.upsertComments({
    issueNumber: pull.number,
    markerPrefix,
    parts,
    headSha: pull.headSha,
    ...(pull.updatedAt !== undefined && { updatedAt: pull.updatedAt }),
    ...(pull.comments === 0 && { noComments: true }),
    isCurrentHead: async () => (await host.getPull(pull.number)).headSha === pull.headSha,
  });
  // A late or out-of-order event found a report of a newer state of the PR and left it.
  return written === "written";
}

async function renderAt(host: RepoHost, sha: string, path: string, engine: { engine: RenderEngine; renderers?: Renderers | undefined }) {
  const tree = await host.openTree(sha);
  const result = await renderWithEngine({ ...engine, tree, path });
  return result.resources.map((r) => r.object);
}
