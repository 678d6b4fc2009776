/**
 * `ferry apply --env ENV --ref REF --kubeconfig FILE [--context NAME] [--dry-run] [--config FILE] [--repo DIR]`:
 * applies an environment's path at REF of a local repository to the cluster of the
 * kubeconfig, exactly as the app does on a push, and prints the result per object.
 */
import { applyFromRepo } from "../apply-from-repo.ts";
import type { CliIo } from "../cli-io.ts";
import { parseCliOptions } from "../parse-cli-options.ts";

/** The usage line of `ferry apply`. */
export const APPLY_USAGE = "apply --env ENV --ref REF --kubeconfig FILE [--context NAME] [--dry-run] [--config FILE] [--repo DIR]";

/** Runs `ferry apply`; returns 0 when applied (or the dry-run passed), 1 when it failed or was superseded, 2 when the cluster was unreachable. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseCliOptions(args, { strings: ["env", "ref", "kubeconfig", "context", "config", "repo"], booleans: ["dry-run"], required: ["env", "ref", "kubeconfig"], usage: APPLY_USAGE });
  return applyFromRepo({ env: options.env, ref: options.ref, repo: options.repo ?? ".", kubeconfig: options.kubeconfig, context: options.context, config: options.config, dryRun: options["dry-run"] === true }, io);
}
