/**
 * `ferry rollback --env ENV [--to SHA] [--kubeconfig FILE [--context NAME]] [--config FILE] [--repo DIR]`:
 * returns an environment to an earlier state in a local repository the way `/rollback`
 * does: a new commit on the environment branch whose tree is the target's tree (a
 * fast-forward; nothing is rebuilt), then, with --kubeconfig, the same apply as
 * `ferry apply`. Without --to the target is the branch's previous different state;
 * GitHub's deployment history (good and bad marks) is only known to the app.
 */
import { resolve } from "node:path";
import { resolveCommit, runGit } from "../../adapters/git/index.ts";
import { AppError } from "../../errors.ts";
import { readDefaultBranchSettings } from "../../workflows/read-default-branch-settings.ts";
import { readSettingsFile } from "../read-settings-file.ts";
import { parseCliOptions } from "../parse-cli-options.ts";
import type { CliIo } from "../cli-io.ts";
import { applyFromRepo } from "../apply-from-repo.ts";
import { gitTreeSource } from "../git-tree-source.ts";

/** The usage line of `ferry rollback`. */
export const ROLLBACK_USAGE = "rollback --env ENV [--to SHA] [--kubeconfig FILE [--context NAME]] [--config FILE] [--repo DIR]";

/** Runs `ferry rollback`; returns 0 when rolled back (and applied), 1 when the apply failed. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseCliOptions(args, { strings: ["env", "to", "kubeconfig", "context", "config", "repo"], required: ["env"], usage: ROLLBACK_USAGE });
  const repoDir = resolve(io.cwd, options.repo ?? ".");
  const settings = await readDefaultBranchSettings({ trees: gitTreeSource(repoDir), ...(options.config !== undefined && { settingsText: await readSettingsFile(resolve(io.cwd, options.config)) }) });
  const env = settings.environments.find((e) => e.name === options.env);
  if (!env) throw new AppError("usage", `unknown environment "${options.env}"; use one of: ${settings.environments.map((e) => e.name).join(", ")}`);

  // 1. The target: the SHA given, which the branch must have had, or its previous different state.
  const git = (...a: string[]) => runGit(repoDir, a).then((out) => out.trim());
  const head = await resolveCommit(repoDir, env.branch);
  const headTree = await git("rev-parse", `${head}^{tree}`);
  const target = options.to !== undefined ? await resolveCommit(repoDir, options.to) : await previousState(git, head, headTree);
  if (!(await git("merge-base", "--is-ancestor", target, head).then(() => true, () => false))) {
    throw new AppError("usage", `${options.to} is not in the history of ${env.branch}; roll back only to a state ${env.name} had`);
  }
  const targetTree = await git("rev-parse", `${target}^{tree}`);
  if (targetTree === headTree) throw new AppError("usage", `${env.branch} already has the tree of ${target.slice(0, 7)}; nothing to roll back`);

  // 2. A commit with the target's tree on top of the branch, moved by compare-and-swap.
  const message = `Roll back ${env.name} to ${target.slice(0, 7)}\n\nMade with ferry rollback. The tree is exactly the tree of ${target}.\n\nFerry-Rollback: ${env.name} ${target}`;
  const commit = await git("commit-tree", targetTree, "-p", head, "-m", message);
  await git("update-ref", `refs/heads/${env.branch}`, commit, head);
  io.stdout(`${env.name}: ${env.branch} fast-forwarded to ${commit.slice(0, 7)}, whose tree is ${target.slice(0, 7)}'s. Push it: git push origin ${env.branch}\n`);

  // 3. Optionally apply it now, exactly as `ferry apply` would.
  if (options.kubeconfig === undefined) return 0;
  return applyFromRepo({ env: env.name, ref: commit, repo: repoDir, kubeconfig: options.kubeconfig, context: options.context, config: options.config }, io);
}

// The newest first-parent ancestor whose tree differs from the head's.
async function previousState(git: (...a: string[]) => Promise<string>, head: string, headTree: string): Promise<string> {
  const history = (await git("rev-list", "--first-parent", "--format=%H %T", "--max-count=1000", head)).split("\n").filter((l) => !l.startsWith("commit "));
  for (const line of history) {
    const [sha, tree] = line.split(" ");
    if (sha && tree && tree !== headTree) return sha;
  }
  throw new AppError("usage", "the branch has no earlier different state to roll back to; give --to SHA");
}
