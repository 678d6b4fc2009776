/**
 * Reads the drift of one environment at its branch head, as every GitHub-facing drift
 * path needs it (promotion PR report, `/drift`, the schedule): the head SHA, its tree,
 * {@link readDrift}, and the Markdown report of every cluster.
 */
import type { Metrics } from "./metrics.ts";
import type { EnvironmentSettings, Settings } from "../config/settings-schema.ts";
import { driftMarker, renderDriftReport } from "../core/drift/index.ts";
import type { Renderers } from "../core/render/index.ts";
import { AppError } from "../errors.ts";
import type { Clock, ClusterConnector, RepoHost } from "./ports.ts";
import { readDrift, type EnvironmentDrift } from "./read-drift.ts";

/** An environment's drift and its Markdown report (starting with the environment's drift marker). */
export interface EnvironmentDriftReport {
  readonly drift: EnvironmentDrift;
  readonly markdown: string;
  /** True when some cluster differs from git. */
  readonly drifting: boolean;
  /** True when some cluster could not be read (or refused a dry-run): drift is partly unknown. */
  readonly incomplete: boolean;
}

/** Inputs of {@link readEnvironmentDrift}. */
export interface ReadEnvironmentDriftParams {
  readonly host: RepoHost;
  readonly settings: Settings;
  readonly environment: EnvironmentSettings;
  readonly connect: ClusterConnector;
  readonly clock: Clock;
  /** The report sits beside a git diff (promotion PR). */
  readonly besideDiff?: boolean;
  /** Renderers besides the built-in one, for `render.engine: kustomize`. */
  readonly renderers?: Renderers;
  /** Where the number of drifting objects goes. */
  readonly metrics?: Pick<Metrics, "drift">;
}

/** Returns the drift of `environment` at its branch head; throws AppError("ref-not-found") when the branch is missing. */
export async function readEnvironmentDrift(params: ReadEnvironmentDriftParams): Promise<EnvironmentDriftReport> {
  const { host, environment: env } = params;
  // 1. What git says now: the environment branch head; or, after a break-glass rollback
  //    (its commit deployed while its PR waits for /merge), that rollback commit.
  const head = await host.branchSha(env.branch);
  if (!head) throw new AppError("ref-not-found", `the branch ${env.branch} of environment ${env.name} does not exist; push it or fix environments[].branch`);
  const rolledBack = await pendingBreakGlass(host, env);
  const [sha, ref] = rolledBack ? [rolledBack.headSha, rolledBack.headRef] : [head, env.branch];
  const tree = await host.openTree(sha);

  // 2. Every cluster, compared with it.
  const drift = await readDrift({ tree, environment: env, ref, sha, ignore: params.settings.drift.ignore, connect: (name) => params.connect(name, params.settings.cluster), clock: params.clock, renderers: params.renderers });
  params.metrics?.drift({ environment: env.name, objects: drift.clusters.reduce((n, c) => n + c.items.filter((i) => i.type !== "unknown").length, 0) });

  // 3. One report; the marker comes first once, so the comment or issue is found by it.
  const marker = driftMarker(env.name);
  const sections = drift.clusters.map((c) =>
    renderDriftReport(c.items, { environment: env.name, cluster: c.cluster, ref: env.branch, sha, readAt: c.readAt, ...(c.error && { error: c.error.message }), ...(params.besideDiff && { besideDiff: true }) }).replace(`${marker}\n`, ""),
  );
  const note = rolledBack
    ? `\n> [!NOTE]\n> ${env.name} was rolled back with \`/rollback --now\` and runs \`${sha.slice(0, 7)}\` from #${rolledBack.number}, which waits for \`/merge\`; drift is measured against that commit, not \`${env.branch}\`.\n`
    : "";
  return {
    drift,
    markdown: `${marker}\n${note}${sections.join("\n")}`,
    drifting: drift.clusters.some((c) => c.items.some((i) => i.type !== "unknown")),
    incomplete: drift.clusters.some((c) => c.error !== undefined || c.items.some((i) => i.type === "unknown")),
  };
}

// The open rollback PR whose head is what the environment's latest Deployment ran.
async function pendingBreakGlass(host: RepoHost, env: EnvironmentSettings) {
  const pull = await host.findOpenPull({ head: `ferry/rollback/${env.name}`, base: env.branch });
  if (!pull) return undefined;
  const [latest] = await host.listDeployments(env.name);
  return latest?.sha === pull.headSha && latest.state === "success" ? pull : undefined;
}
