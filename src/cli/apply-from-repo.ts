import { resolve } from "node:path";
import { clusterOptions, loadClusters } from "../adapters/cluster/index.ts";
import { openGitFileTree } from "../adapters/git/index.ts";
import { readRenderers } from "../adapters/kustomize/index.ts";
import type { EnvironmentOutcome } from "../core/plan/index.ts";
import { AppError } from "../errors.ts";
import { applyEnvironment } from "../workflows/apply-environment.ts";
import { readDefaultBranchSettings } from "../workflows/read-default-branch-settings.ts";
import type { CliIo } from "./cli-io.ts";
import { gitTreeSource } from "./git-tree-source.ts";
import { readSettingsFile } from "./read-settings-file.ts";

/** What `ferry apply` (and `ferry rollback --kubeconfig`) apply, and to which cluster. */
export interface ApplyFromRepoOptions {
  readonly env: string;
  readonly ref: string;
  /** The repository, absolute or relative to the working directory. */
  readonly repo: string;
  readonly kubeconfig: string;
  readonly context?: string | undefined;
  readonly config?: string | undefined;
  readonly dryRun?: boolean;
}

/**
 * Applies an environment's path at `ref` of a local repository to the cluster of the
 * kubeconfig, exactly as the app does on a push (lease, server dry-run gate, staged
 * apply, prune, health), prints the result per object and returns the exit code: 0 when
 * applied (or the dry-run passed), 1 when it failed or was superseded, 2 when a
 * cluster was unreachable or its kubeconfig unreadable.
 */
export async function applyFromRepo(options: ApplyFromRepoOptions, io: CliIo): Promise<number> {
  const repoDir = resolve(io.cwd, options.repo);
  const config = options.config;
  const settings = await readDefaultBranchSettings({ trees: gitTreeSource(repoDir), ...(config !== undefined && { settingsText: await readSettingsFile(resolve(io.cwd, config)) }) });
  const env = settings.environments.find((e) => e.name === options.env);
  if (!env) throw new AppError("usage", `unknown environment "${options.env}"; use one of: ${settings.environments.map((e) => e.name).join(", ")}`);

  // Locally the kubeconfig names the one cluster to apply to, whatever settings list.
  const cluster = options.context ?? "local";
  const kubeconfig = resolve(io.cwd, options.kubeconfig);
  const leaseSeconds = Number(io.env.FERRY_LEASE_SECONDS ?? "60");
  const connect = loadClusters({ FERRY_CLUSTERS: JSON.stringify({ [cluster]: { kubeconfig, ...(options.context !== undefined && { context: options.context }) } }) }, { leaseSeconds, ...clusterOptions(settings.cluster) });
  const tree = await openGitFileTree({ repoDir, ref: options.ref });
  try {
    const outcome = await applyEnvironment({
      tree,
      environment: { ...env, clusters: [cluster] },
      sha: tree.commit,
      connect,
      dryRunOnly: options.dryRun === true,
      clock: { now: () => new Date() },
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      renderers: readRenderers(io.env),
    });
    io.stdout(formatOutcome(outcome));
    // A cluster that could not be reached, or whose kubeconfig cannot be read, is an
    // error, not an apply that failed: say which one, where and why on stderr, and exit
    // 2 like every other CLI error.
    const unreachable = outcome.clusters.filter((c) => c.code === "cluster-unreachable" || c.code === "config-invalid");
    for (const c of unreachable) io.stderr(`ferry apply: ${c.message} [${c.code}]\n`);
    if (unreachable.length > 0) return 2;
    return outcome.status === "applied" || outcome.status === "dry-run" ? 0 : 1;
  } finally {
    tree.close();
  }
}

/** Returns the text report of an outcome: one line per object, then one per cluster. */
export function formatOutcome(outcome: EnvironmentOutcome): string {
  const lines: string[] = [];
  for (const c of outcome.clusters) {
    for (const r of c.results) lines.push(`${r.action.padEnd(10)} ${r.key}${r.message ? `: ${r.message}` : ""}${r.conflicts?.length ? ` [${r.conflicts.map((f) => `${f.field} owned by ${f.manager}`).join(", ")}]` : ""}`);
    for (const h of c.health) lines.push(`${h.status.toLowerCase().padEnd(10)} ${h.key}: ${h.message}`);
    for (const f of c.findings) lines.push(`${f.severity.padEnd(10)} ${f.resourceKey ?? ""} ${f.message}`);
    lines.push(`${c.cluster}: ${c.status}${c.code ? ` [${c.code}]` : ""}: ${c.message}`);
  }
  lines.push(`${outcome.environment} at ${outcome.sha.slice(0, 7)}: ${outcome.status}`);
  return `${lines.join("\n")}\n`;
}
