/**
 * The scheduled drift check of one environment: keeps one open issue per drifting
 * environment up to date (found by its marker) and closes it once the drift is gone.
 * When the settings allow it, drift is self-healed first by re-applying the
 * environment's branch head, and the issue says what the heal did.
 */
import type { Metrics } from "./metrics.ts";
import type { EnvironmentSettings, Settings } from "../config/settings-schema.ts";
import { driftMarker } from "../core/drift/index.ts";
import type { EnvironmentOutcome } from "../core/plan/index.ts";
import type { Renderers } from "../core/render/index.ts";
import type { Clock, ClusterConnector, RepoHost } from "./ports.ts";
import { readEnvironmentDrift } from "./read-environment-drift.ts";

/** What the scheduled check did for one environment. */
export type DriftIssueOutcome =
  | { readonly status: "opened" | "updated" | "closed"; readonly issue: number; readonly healed?: EnvironmentOutcome["status"] }
  | { readonly status: "in-sync" | "unknown"; readonly healed?: EnvironmentOutcome["status"] };

/** Inputs of {@link syncDriftIssue}. */
export interface SyncDriftIssueParams {
  readonly host: RepoHost;
  readonly settings: Settings;
  readonly environment: EnvironmentSettings;
  readonly connect: ClusterConnector;
  readonly clock: Clock;
  /** Re-applies the environment at a SHA (applyEnvironment bound to the tree, clusters and clock); only called when self-heal is on. */
  readonly heal?: (sha: string) => Promise<EnvironmentOutcome>;
  /** Renderers besides the built-in one, for `render.engine: kustomize`. */
  readonly renderers?: Renderers;
  /** Where the number of drifting objects goes. */
  readonly metrics?: Pick<Metrics, "drift">;
}

/** Returns what the check did; cluster failures are reported in the issue, never thrown. */
export async function syncDriftIssue(params: SyncDriftIssueParams): Promise<DriftIssueOutcome> {
  const { host, environment: env } = params;
  const read = () => readEnvironmentDrift({ host, settings: params.settings, environment: env, connect: params.connect, clock: params.clock, renderers: params.renderers, ...(params.metrics && { metrics: params.metrics }) });

  // 1. Read the drift; self-heal (when allowed and the drift is fully known) and read again.
  let report = await read();
  let healed: EnvironmentOutcome | undefined;
  const selfHeal = params.settings.drift.environments[env.name]?.selfHeal ?? params.settings.drift.selfHeal;
  if (report.drifting && !report.incomplete && selfHeal && params.heal) {
    healed = await params.heal(report.drift.sha);
    report = await read();
  }
  const healNote = healed ? `\n> Self-heal re-applied \`${report.drift.sha.slice(0, 7)}\`: ${healed.status}.\n` : "";

  // 2. One issue per environment, found by its marker.
  const marker = driftMarker(env.name);
  const existing = await host.findOpenIssue(marker);
  const title = `Live drift in ${env.name}`;
  const heal = healed ? { healed: healed.status } : {};
  if (report.drifting || (report.incomplete && existing !== undefined)) {
    const body = `${report.markdown}${healNote}\n<sub>Ferry checks ${env.name} on a schedule, updates this issue, and closes it when the clusters match git again.</sub>\n`;
    if (existing !== undefined) {
      await host.updateIssue({ number: existing, title, body });
      return { status: "updated", issue: existing, ...heal };
    }
    return { status: "opened", issue: await host.createIssue({ title, body }), ...heal };
  }
  if (report.incomplete) return { status: "unknown", ...heal };

  // 3. No drift: close the issue, saying so.
  if (existing === undefined) return { status: "in-sync", ...heal };
  await host.updateIssue({ number: existing, body: `${report.markdown}${healNote}\nThe drift is gone; Ferry closed this issue.\n`, state: "closed" });
  return { status: "closed", issue: existing, ...heal };
}
