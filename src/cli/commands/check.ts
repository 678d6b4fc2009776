/**
 * `ferry check --env ENV [--ref REF] [--base REF] [--format text|sarif] [--config FILE] [--repo DIR]`:
 * runs the `ferry/policy` rules locally on a commit of a local repository. Exit 1 when
 * any finding is an error, 2 on usage errors or when the environment does not render,
 * 0 otherwise. Reviews cannot be checked locally: rules waiting for reviewers give notices.
 */
import { resolve } from "node:path";
import { runGit } from "../../adapters/git/index.ts";
import type { EnvironmentSettings, Settings } from "../../config/index.ts";
import { evaluateEnvironmentPolicy, renderPolicySarif, renderPolicyText, type PullFacts } from "../../core/policy/index.ts";
import { AppError } from "../../errors.ts";
import type { CommitTree } from "../../workflows/ports.ts";
import { readDefaultBranchSettings } from "../../workflows/read-default-branch-settings.ts";
import { readSettingsFile } from "../read-settings-file.ts";
import { parseCliOptions } from "../parse-cli-options.ts";
import type { CliIo } from "../cli-io.ts";
import { gitTreeSource } from "../git-tree-source.ts";
import { readRenderers } from "../../adapters/kustomize/index.ts";

/** The usage line of `ferry check`. */
export const CHECK_USAGE = "check --env ENV [--ref REF] [--base REF] [--format text|sarif] [--config FILE] [--repo DIR]";

/** Runs `ferry check`; returns the exit code. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliOptions(args, { strings: ["env", "ref", "base", "format", "config", "repo"], required: ["env"], choices: { format: ["text", "sarif"] }, usage: CHECK_USAGE });
  const options = { ...parsed, ref: parsed.ref ?? "HEAD", format: parsed.format ?? "text" };
  const repoDir = resolve(io.cwd, options.repo ?? ".");
  const trees = gitTreeSource(repoDir);
  // Like the app: settings from the default branch, never from the commit being checked.
  const settings = await readDefaultBranchSettings({
    trees,
    ...(options.config !== undefined && { settingsText: await readSettingsFile(resolve(io.cwd, options.config)) }),
    onDefault: (note) => io.stderr(`ferry check: ${note}\n`),
  });
  const environment = settings.environments.find((e) => e.name === options.env);
  if (!environment) throw usageError(`there is no environment "${options.env}" (${settings.environments.map((e) => e.name).join(", ")})`);

  const opened: CommitTree[] = [];
  const open = async (ref: string) => {
    const tree = await trees.openTree(ref);
    opened.push(tree);
    return tree;
  };
  try {
    const headTree = await open(options.ref);
    const baseRef = options.base ?? ((await resolves(repoDir, environment.branch)) ? environment.branch : undefined);
    const baseTree = baseRef === undefined ? undefined : await open(baseRef);
    const pull = await localPullFacts({ repoDir, settings, environment, head: headTree.commit, base: baseTree?.commit });
    const source = pull?.isPromotion ? settings.environments.find((e) => e.name === environment.promotesFrom) : undefined;
    const result = await evaluateEnvironmentPolicy({
      settings,
      environment,
      headTree,
      ...(baseTree ? { baseTree } : {}),
      ...(pull ? { pull } : {}),
      ...(source ? { source: { environment: source, sha: headTree.commit, tree: headTree } } : {}),
      renderers: readRenderers(io.env),
    });
    if (options.format === "sarif") io.stdout(renderPolicySarif(result, { defaultFile: environment.path === "" ? "kustomization.yaml" : `${environment.path}/kustomization.yaml` }));
    else io.stdout(renderPolicyText(result));
    if (result.findings.some((f) => f.ruleId === "renders" && f.severity === "error")) return 2;
    return result.findings.some((f) => f.severity === "error") ? 1 : 0;
  } finally {
    for (const tree of opened) tree.close?.();
  }
}

/** Facts a PR would give, from local git: which commits the source branch lacks, and fast-forward. */
async function localPullFacts(p: { repoDir: string; settings: Settings; environment: EnvironmentSettings; head: string; base: string | undefined }): Promise<PullFacts | undefined> {
  const source = p.settings.environments.find((e) => e.name === p.environment.promotesFrom);
  if (!source || !(await resolves(p.repoDir, source.branch))) return undefined;
  const notInSource = (await runGit(p.repoDir, ["rev-list", "--abbrev-commit", "--abbrev=7", `${source.branch}..${p.head}`])).split("\n").filter((l) => l !== "");
  const fastForward = p.base === undefined || (await succeeds(p.repoDir, ["merge-base", "--is-ancestor", p.base, p.head]));
  return { author: "", pushers: [], isPromotion: notInSource.length === 0, fastForward, commitsNotInSource: notInSource };
}

async function resolves(repoDir: string, ref: string): Promise<boolean> {
  return succeeds(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
}

async function succeeds(repoDir: string, args: readonly string[]): Promise<boolean> {
  try {
    await runGit(repoDir, args);
    return true;
  } catch {
    return false;
  }
}



function usageError(problem: string): AppError {
  return new AppError("usage", `${problem}; usage: ferry ${CHECK_USAGE}`);
}
