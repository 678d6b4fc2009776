/**
 * `ferry plan --env ENV --from REF --to REF [--format markdown|text|json] [--config FILE] [--repo DIR]`:
 * renders an environment's path at two refs of a local repository and prints the report.
 */
import { resolve } from "node:path";
import { renderDiffComment, renderDiffJson, renderDiffText } from "../../core/report/index.ts";
import { planEnvironment } from "../../workflows/plan-environment.ts";
import { readRenderers } from "../../adapters/kustomize/index.ts";
import { gitTreeSource } from "../git-tree-source.ts";
import { readSettingsFile } from "../read-settings-file.ts";
import { parseCliOptions } from "../parse-cli-options.ts";
import type { CliIo } from "../cli-io.ts";

const FORMATS = ["markdown", "text", "json"] as const;
type Format = (typeof FORMATS)[number];

/** The usage line of `ferry plan`. */
export const PLAN_USAGE = "plan --env ENV --from REF --to REF [--format markdown|text|json] [--config FILE] [--repo DIR]";

/** Runs `ferry plan`; returns the exit code (0, or 2 for usage errors). */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliOptions(args, { strings: ["env", "from", "to", "format", "config", "repo"], required: ["env", "from", "to"], choices: { format: FORMATS }, usage: PLAN_USAGE });
  const options = { ...parsed, format: (parsed.format ?? "markdown") as Format };
  const repoDir = resolve(io.cwd, options.repo ?? ".");
  const settingsText = options.config === undefined ? undefined : await readSettingsFile(resolve(io.cwd, options.config));

  const plan = await planEnvironment({ environment: options.env, from: options.from, to: options.to, trees: gitTreeSource(repoDir), ...(settingsText && { settingsText }), renderers: readRenderers(io.env) });

  if (options.format === "json") io.stdout(renderDiffJson(plan.diff, plan.context));
  else if (options.format === "text") io.stdout(renderDiffText(plan.diff, plan.context));
  else io.stdout(renderDiffComment(plan.diff, plan.context).parts.join("\n---\n\n"));
  return 0;
}
