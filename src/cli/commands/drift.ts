/**
 * `ferry drift --env ENV [--ref REF] --kubeconfig FILE [--context NAME] [--config FILE] [--repo DIR] [--format text|markdown]`:
 * compares the cluster a kubeconfig points at with what an environment renders at a ref
 * of a local repository (default: the environment's branch) and prints the drift.
 * Exit code 0: no drift; 1: drift; 2: an error (the cluster or the render could not be
 * read, or the server refused a dry-run, so drift is unknown).
 */
import { resolve } from "node:path";
import { KubeClusterClient } from "../../adapters/cluster/kube-cluster-client.ts";
import { clusterOptions, loadEndpoint } from "../../adapters/cluster/load-clusters.ts";
import { renderDriftReport, renderDriftText } from "../../core/drift/index.ts";
import { AppError } from "../../errors.ts";
import { readDrift } from "../../workflows/read-drift.ts";
import { readDefaultBranchSettings } from "../../workflows/read-default-branch-settings.ts";
import { readSettingsFile } from "../read-settings-file.ts";
import { parseCliOptions } from "../parse-cli-options.ts";
import type { CliIo } from "../cli-io.ts";
import { gitTreeSource } from "../git-tree-source.ts";
import { readRenderers } from "../../adapters/kustomize/index.ts";

/** The usage line of `ferry drift`. */
export const DRIFT_USAGE = "drift --env ENV [--ref REF] --kubeconfig FILE [--context NAME] [--config FILE] [--repo DIR] [--format text|markdown]";

const FLAGS = ["env", "ref", "kubeconfig", "context", "config", "repo", "format"] as const;

/** Runs `ferry drift`; returns 0 (no drift), 1 (drift) or 2 (error). */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseCliOptions(args, { strings: FLAGS, required: ["env", "kubeconfig"], choices: { format: ["text", "markdown"] }, usage: DRIFT_USAGE });
  const repoDir = resolve(io.cwd, options.repo ?? ".");
  const trees = gitTreeSource(repoDir);

  // 1. Settings and the environment; the ref defaults to the environment's branch.
  const settings = await readDefaultBranchSettings({ trees, ...(options.config !== undefined && { settingsText: await readSettingsFile(resolve(io.cwd, options.config)) }) });
  const env = settings.environments.find((e) => e.name === options.env);
  if (!env) throw new AppError("usage", `unknown environment "${options.env}"; use one of: ${settings.environments.map((e) => e.name).join(", ")}`);
  const ref = options.ref ?? env.branch;
  const tree = await trees.openTree(ref);

  // 2. The one cluster the kubeconfig points at, named after its context (or the environment's first cluster).
  const name = options.context ?? env.clusters[0] ?? env.name;
  const clients: KubeClusterClient[] = [];
  const connect = async () => {
    const client = new KubeClusterClient(await loadEndpoint(name, { kubeconfig: resolve(io.cwd, options.kubeconfig), ...(options.context ? { context: options.context } : {}) }), clusterOptions(settings.cluster));
    clients.push(client);
    return client;
  };
  try {
    const drift = await readDrift({ tree, environment: { name: env.name, path: env.path, clusters: [name], apply: env.apply, render: env.render }, ref, sha: tree.commit, ignore: settings.drift.ignore, connect, clock: { now: () => new Date() }, renderers: readRenderers(io.env) });

    // 3. Print; the exit code says whether there is drift.
    let code = 0;
    for (const c of drift.clusters) {
      const context = { environment: env.name, cluster: c.cluster, ref, sha: drift.sha, readAt: c.readAt, ...(c.error && { error: c.error.message }) };
      io.stdout(options.format === "markdown" ? renderDriftReport(c.items, context) : renderDriftText(c.items, context));
      // The reason goes to stderr too, so a script that keeps only stderr still sees it.
      if (c.error) io.stderr(`ferry drift: ${c.error.message} [${c.error.code}]\n`);
      if (c.error || c.items.some((i) => i.type === "unknown")) code = 2;
      else if (c.items.length > 0 && code === 0) code = 1;
    }
    return code;
  } finally {
    tree.close?.();
    for (const client of clients) client.close();
  }
}


