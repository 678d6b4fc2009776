/**
 * `ferry plan`: renders one environment's path at two refs, diffs the renders (secrets
 * masked first) and returns the diff with the context a report needs. The caller picks
 * the format. Settings come from the default branch unless given explicitly.
 */
import type { EnvironmentSettings, Settings } from "../config/index.ts";
import { diffManifests, type ManifestDiff } from "../core/diff/index.ts";
import type { KubeObject } from "../core/manifest/kube-object.ts";
import { describeRenderEngine, renderWithEngine, type Renderers } from "../core/render/index.ts";
import type { ReportContext } from "../core/report/index.ts";
import type { FileTree } from "../core/tree/file-tree.ts";
import { AppError } from "../errors.ts";
import type { CommitTree, TreeSource } from "./ports.ts";
import { readDefaultBranchSettings } from "./read-default-branch-settings.ts";

/** Renders the objects of directory `path` of `tree`. */
export type RenderTree = (tree: FileTree, path: string) => Promise<readonly KubeObject[]>;

/** Inputs of planEnvironment. */
export interface PlanEnvironmentParams {
  readonly environment: string;
  readonly from: string;
  readonly to: string;
  /** Settings text given explicitly (`--config`); otherwise read from the default branch. */
  readonly settingsText?: { readonly text: string; readonly file: string };
  readonly trees: TreeSource;
  /** The renderer; the environment's `render.engine` unless a test swaps it. */
  readonly render?: RenderTree;
  /** Renderers besides the built-in one, for `render.engine: kustomize`. */
  readonly renderers?: Renderers;
}

/** What a plan found: the diff, the report context, and the settings it used. */
export interface PlanEnvironmentResult {
  readonly diff: ManifestDiff;
  readonly context: ReportContext;
  readonly settings: Settings;
  readonly environment: EnvironmentSettings;
}

/** Returns the plan of `environment` from `from` to `to`. Throws AppError with a stable code. */
export async function planEnvironment(params: PlanEnvironmentParams): Promise<PlanEnvironmentResult> {
  const { trees } = params;
  const notes: string[] = [];

  // 1. Settings: explicit text, else the default branch's file, else the conventional layout.
  const settings = await readDefaultBranchSettings({ trees: params.trees, ...(params.settingsText && { settingsText: params.settingsText }), onDefault: (note) => notes.push(note) });

  // 2. The environment.
  const environment = settings.environments.find((e) => e.name === params.environment);
  if (!environment) throw new AppError("usage", `unknown environment "${params.environment}"; use one of: ${settings.environments.map((e) => e.name).join(", ")}`);
  const render: RenderTree = params.render ?? (async (tree, path) => (await renderWithEngine({ engine: environment.render.engine, renderers: params.renderers, tree, path })).resources.map((r) => r.object));
  // The report says which engine rendered, as the PR comment does.
  if (!params.render) notes.push(`${describeRenderEngine(environment.render.engine)}.`);

  // 3. Both trees (one blob cache behind them), rendered; a path missing at `from` is a new environment.
  const [fromTree, toTree] = await Promise.all([trees.openTree(params.from), trees.openTree(params.to)]);
  try {
    const before = fromTree.stat(environment.path)?.type === "dir" ? await render(fromTree, environment.path) : missing(environment.path, params.from, notes);
    const after = await render(toTree, environment.path);

    // 4. Diff.
    const diff = diffManifests({ before, after, contextLines: settings.report.contextLines });
    const context: ReportContext = {
      environment: environment.name,
      from: { sha: fromTree.commit, ref: params.from },
      to: { sha: toTree.commit, ref: params.to },
      notes,
      options: settings.report,
    };
    return { diff, context, settings, environment };
  } finally {
    closeTree(fromTree);
    closeTree(toTree);
  }
}

function missing(path: string, ref: string, notes: string[]): KubeObject[] {
  notes.push(`"${path}" does not exist at ${ref}: every resource is new.`);
  return [];
}

function closeTree(tree: CommitTree): void {
  tree.close?.();
}
