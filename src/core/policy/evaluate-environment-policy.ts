import type { EnvironmentSettings, Settings } from "../../config/settings-schema.ts";
import { isAppError } from "../../errors.ts";
import { diffManifests } from "../diff/diff-manifests.ts";
import type { RenderLimits } from "../render/render-limits.ts";
import { renderWithEngine, type RenderEngine, type Renderers } from "../render/render-with-engine.ts";
import type { FileTree } from "../tree/file-tree.ts";
import { collectChangedFiles } from "./collect-changed-files.ts";
import { evaluatePolicies, type PolicyResult } from "./evaluate-policies.ts";
import { locateFindings } from "./locate-findings.ts";
import type { PullFacts, RenderOutcome, ReviewFacts } from "./policy-input.ts";

/** Inputs of evaluateEnvironmentPolicy: trees of one commit each, and facts gathered outside the core. */
export interface EnvironmentPolicyParams {
  /** The default branch's settings (never the PR's). */
  readonly settings: Settings;
  readonly environment: EnvironmentSettings;
  /** The environment branch's head; absent when there is none yet. */
  readonly baseTree?: FileTree;
  readonly headTree: FileTree;
  readonly reviews?: ReviewFacts;
  readonly pull?: PullFacts;
  /** The source environment's tree at the pinned SHA, for promotion PRs. */
  readonly source?: { readonly environment: EnvironmentSettings; readonly sha: string; readonly tree: FileTree };
  readonly renderLimits?: Partial<RenderLimits>;
  /** Renderers besides the built-in one, for environments with `render.engine: kustomize`. */
  readonly renderers?: Renderers;
}

/**
 * Returns the policy result for one environment between two commits: renders both
 * sides (a render error becomes a finding, not an exception), diffs them with secrets
 * masked, lists the changed files and their added lines, runs every rule and places
 * findings at file and line. Reads only through the FileTree ports; deterministic.
 *
 * @example
 * const result = await evaluateEnvironmentPolicy({ settings, environment, baseTree, headTree });
 */
export async function evaluateEnvironmentPolicy(params: EnvironmentPolicyParams): Promise<PolicyResult> {
  const { settings, environment, baseTree, headTree } = params;
  const engine = { engine: environment.render.engine, renderers: params.renderers };
  const after = await renderOutcome(headTree, environment.path, params.renderLimits, engine);
  const before = baseTree ? await renderOutcome(baseTree, environment.path, params.renderLimits, engine) : undefined;
  const diff = after.ok && before?.ok ? diffManifests({ before: before.resources.map((r) => r.object), after: after.resources.map((r) => r.object) }) : undefined;
  const changedFiles = await collectChangedFiles(baseTree ? { before: baseTree, after: headTree } : { after: headTree });
  const source = params.source ? { environment: params.source.environment.name, sha: params.source.sha, render: await renderOutcome(params.source.tree, params.source.environment.path, params.renderLimits, { engine: params.source.environment.render.engine, renderers: params.renderers }) } : undefined;
  const result = evaluatePolicies({
    settings,
    environment,
    after,
    changedFiles,
    ...(before ? { before } : {}),
    ...(diff ? { diff } : {}),
    ...(params.reviews ? { reviews: params.reviews } : {}),
    ...(params.pull ? { pull: params.pull } : {}),
    ...(source ? { source } : {}),
  });
  return { ...result, findings: await locateFindings(result.findings, headTree), exempted: await locateFindings(result.exempted, headTree) };
}

/** Returns the render of `path` (by `engine`, built-in by default), or the render error as a value with its file and line. */
export async function renderOutcome(tree: FileTree, path: string, limits?: Partial<RenderLimits>, engine: { engine: RenderEngine; renderers?: Renderers | undefined } = { engine: "builtin" }): Promise<RenderOutcome> {
  try {
    const result = await renderWithEngine({ ...engine, tree, path, limits });
    return { ok: true, resources: result.resources };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const file = "file" in error && typeof error.file === "string" ? error.file : undefined;
    const line = file === undefined ? undefined : Number(new RegExp(`${escape(file)}:(\\d+)`).exec(error.message)?.[1] ?? Number.NaN);
    return { ok: false, message: `${error.message} [${error.code}]`, ...(file === undefined ? {} : { file }), ...(line !== undefined && Number.isFinite(line) ? { line } : {}) };
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
