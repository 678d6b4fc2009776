/**
 * The drift schedule: every tick, each repository the app is installed on, each
 * environment whose interval (`drift.environments[env].interval`, else `drift.interval`)
 * has passed, gets {@link syncDriftIssue}. Timers live here only; `runOnce()` runs every
 * environment now, for tests and operators.
 *
 * One replica runs each environment's checks: the holder of the Lease
 * `ferry-apply-drift-<env>` in `ferry-system` of the environment's first cluster (the
 * apply Lease support, with a constant request SHA so nothing is ever superseded).
 * A replica that takes it keeps it, renewing it, until it stops; if it dies, the Lease
 * expires and another replica takes over at its next tick. The cluster is the natural
 * arbiter: it is what the check reads, and GitHub has no atomic lock to offer.
 */
import type { Probot } from "probot";
import type { EnvironmentSettings, Settings } from "../../config/index.ts";
import { isAppError } from "../../errors.ts";
import { applyEnvironment } from "../../workflows/apply-environment.ts";
import type { Clock, ClusterConnector } from "../../workflows/ports.ts";
import { syncDriftIssue, type DriftIssueOutcome } from "../../workflows/sync-drift-issue.ts";
import type { AppDeps } from "./app-deps.ts";
import type { GitHubClient } from "./github-client.ts";
import { loadSettings } from "./load-settings.ts";
import { OctokitRepoHost } from "./octokit-repo-host.ts";
import { recoverInterruptedApply, type Recovery } from "./recover-interrupted-apply.ts";

/** The request "SHA" of drift Leases: constant, so one replica's request never supersedes another's. */
const DRIFT_LEASE_SHA = "drift-schedule";

/** What one scheduled check of one environment did. */
export interface DriftRun {
  readonly repo: string;
  readonly environment: string;
  readonly outcome: DriftIssueOutcome | { readonly status: "not-leader"; readonly holder: string } | { readonly status: "failed"; readonly message: string };
}

/** Options of a {@link DriftScheduler}. */
export interface DriftSchedulerOptions {
  /** The Probot instance: authenticates as the app and as each installation. */
  readonly app: Pick<Probot, "auth" | "log">;
  readonly deps: AppDeps & { readonly connectCluster: ClusterConnector };
  /** Seconds between ticks (default 300). */
  readonly tickSeconds?: number;
  readonly clock?: Clock;
  /**
   * When set, every tick (and once at start) first finishes applies a stopped replica
   * left `in_progress` for longer than this (the Lease duration); see recover-interrupted-apply.ts.
   */
  readonly recoverAfterSeconds?: number;
}

/** What the recovery check of one environment found. */
export interface RecoveryRun {
  readonly repo: string;
  readonly environment: string;
  readonly recovery: Recovery | { readonly status: "failed"; readonly message: string };
}

/** Runs the drift schedule of every installation; see the module comment for leadership. */
export class DriftScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DriftRun[]> | undefined;
  private readonly lastRun = new Map<string, number>();
  private readonly leases = new Map<string, () => Promise<void>>();
  private readonly clock: Clock;
  private recoveries: RecoveryRun[] = [];

  constructor(private readonly options: DriftSchedulerOptions) {
    this.clock = options.clock ?? { now: () => new Date() };
  }

  /** Starts ticking; the timer never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), (this.options.tickSeconds ?? 300) * 1000);
    this.timer.unref();
    // A replica starting (after a crash, say) finishes what was left unfinished at once.
    if (this.options.recoverAfterSeconds !== undefined) setTimeout(() => void this.options.deps.inflight.track(() => this.recoverOnce()).catch((error: unknown) => this.options.app.log.error({ err: error }, "recovery check failed")), 0).unref();
  }

  /** Finishes interrupted applies of every environment this replica leads, now; returns what each check found. */
  async recoverOnce(): Promise<RecoveryRun[]> {
    await this.running?.catch(() => undefined);
    this.recoveries = [];
    await this.run(() => false);
    return this.recoveries;
  }

  /** Stops ticking, waits for a running check and gives up the Leases held. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await Promise.all([...this.leases.values()].map((release) => release().catch(() => undefined)));
    this.leases.clear();
  }

  /** Checks every environment of every repository now, whatever its interval; returns what each check did. */
  runOnce(): Promise<DriftRun[]> {
    return this.run(() => true);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    const now = this.clock.now().getTime();
    // Tracked like a webhook handler, so shutdown waits for a check in progress.
    await this.options.deps.inflight.track(() => this.run((id, interval) => now - (this.lastRun.get(id) ?? -Infinity) >= interval)).catch((error: unknown) => this.options.app.log.error({ err: error }, "drift schedule failed"));
  }

  private async run(due: (id: string, intervalMs: number) => boolean): Promise<DriftRun[]> {
    const runs: DriftRun[] = [];
    this.running = (async () => {
      // 1. Every repository of every installation.
      const appOctokit = await this.options.app.auth();
      const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
      for (const installation of installations) {
        const octokit = await this.options.app.auth(installation.id);
        const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
        for (const r of repos) {
          const owner = r.owner.login;
          const source = { octokit, repo: () => ({ owner, repo: r.name }) };
          const settings = await loadSettings(source).catch((error: unknown) => {
            if (isAppError(error)) return undefined; // Broken or missing settings: the PR handlers report them.
            throw error;
          });
          if (!settings) continue;
          const host = new OctokitRepoHost({ octokit, owner, repo: r.name }, this.options.deps.blobCache);
          // 2. Each due environment, when this replica leads it.
          for (const env of settings.environments) {
            const id = `${r.full_name}/${env.name}`;
            if (this.options.recoverAfterSeconds !== undefined) this.recoveries.push({ repo: r.full_name, environment: env.name, recovery: await this.recover({ octokit, owner, repo: r.name }, settings, env) });
            if (!due(id, intervalMs(settings, env))) continue;
            this.lastRun.set(id, this.clock.now().getTime());
            runs.push({ repo: r.full_name, environment: env.name, outcome: await this.check(host, settings, env) });
          }
        }
      }
      return runs;
    })();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async check(host: OctokitRepoHost, settings: Settings, env: EnvironmentSettings): Promise<DriftRun["outcome"]> {
    const connect: ClusterConnector = (name) => this.options.deps.connectCluster(name, settings.cluster);
    const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
    try {
      const leader = await this.lead(env);
      if (leader !== true) return { status: "not-leader", holder: leader };
      const renderers = this.options.deps.renderers;
      const heal = async (sha: string) => applyEnvironment({ tree: await host.openTree(sha), environment: env, sha, connect, clock: this.clock, sleep, renderers });
      return await syncDriftIssue({ host, settings, environment: env, connect, clock: this.clock, heal, renderers, ...(this.options.deps.metrics && { metrics: this.options.deps.metrics }) });
    } catch (error) {
      if (!isAppError(error)) throw error;
      this.options.app.log.warn({ environment: env.name, code: error.code }, "scheduled drift check failed");
      return { status: "failed", message: error.message };
    }
  }

  private async recover(client: GitHubClient, settings: Settings, env: EnvironmentSettings): Promise<RecoveryRun["recovery"]> {
    const connectCluster: ClusterConnector = (name) => this.options.deps.connectCluster(name, settings.cluster);
    try {
      const recovery = await recoverInterruptedApply({ client, deps: { ...this.options.deps, connectCluster }, environment: env, leaseSeconds: this.options.recoverAfterSeconds ?? 60, now: () => this.clock.now().getTime(), lead: async () => (await this.lead(env)) === true });
      if (recovery.status === "recovered") this.options.app.log.warn({ repo: `${client.owner}/${client.repo}`, environment: env.name, deployment: recovery.interrupted, status: recovery.outcome.status }, "interrupted apply finished");
      return recovery;
    } catch (error) {
      if (!isAppError(error) && !(error instanceof Error && "status" in error)) throw error;
      this.options.app.log.warn({ environment: env.name, err: isAppError(error) ? { code: error.code } : { status: (error as { status: unknown }).status } }, "recovery check failed");
      return { status: "failed", message: error.message };
    }
  }

  // Returns true when this replica holds (or just took) the environment's drift Lease, else its holder.
  private async lead(env: EnvironmentSettings): Promise<true | string> {
    const cluster = env.clusters[0] ?? env.name;
    const key = `${cluster}/${env.name}`;
    if (this.leases.has(key)) return true;
    const connection = await this.options.deps.connectCluster(cluster);
    const lock = await connection.acquire({ environment: `drift-${env.name}`, sha: DRIFT_LEASE_SHA, waitSeconds: 0 });
    if (lock.status === "busy") return lock.holder;
    if (lock.status === "superseded") return lock.by;
    this.leases.set(key, lock.release);
    return true;
  }
}

/** Returns milliseconds between checks of an environment. */
export function intervalMs(settings: Settings, env: EnvironmentSettings): number {
  const text = settings.drift.environments[env.name]?.interval ?? settings.drift.interval;
  const match = /^(\d+)(s|m|h)$/.exec(text);
  return Number(match?.[1] ?? 15) * { s: 1000, m: 60_000, h: 3_600_000 }[(match?.[2] ?? "m") as "s" | "m" | "h"];
}

/** Starts the drift schedule of this process when clusters are configured and the tick is not 0; returns it, or undefined. */
export function startDriftSchedule(app: Pick<Probot, "auth" | "log">, deps: AppDeps): DriftScheduler | undefined {
  const { connectCluster, driftTickSeconds = 300 } = deps;
  if (!connectCluster || driftTickSeconds <= 0) return undefined;
  const scheduler = new DriftScheduler({ app, deps: { ...deps, connectCluster }, tickSeconds: driftTickSeconds, ...(deps.leaseSeconds !== undefined && { recoverAfterSeconds: deps.leaseSeconds }) });
  scheduler.start();
  return scheduler;
}
