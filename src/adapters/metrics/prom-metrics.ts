/**
 * Prometheus metrics over prom-client, in a Registry of their own (never the global
 * one, so two Ferry servers in one process, as in the tests, keep separate counts).
 * Names follow Prometheus conventions: `ferry_` prefix, base units, `_total` counters.
 * Labels are closed sets: event names Ferry subscribes to, outcomes, commands,
 * environment and cluster names from settings and Ferry's own environment. No label
 * ever holds a SHA, a PR number, a user or a repository: those are unbounded.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Metrics } from "../../workflows/metrics.ts";

/** Webhook events Ferry subscribes to (app.yml); anything else is counted as "other". */
const KNOWN_EVENTS = new Set(["issue_comment", "pull_request", "pull_request_review", "push", "check_run", "installation", "installation_repositories", "ping"]);
/** Commands Ferry knows; any other text is counted as "invalid". */
const KNOWN_COMMANDS = new Set(["promote", "merge", "diff", "drift", "rollback", "help", "invalid"]);
const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Metrics of one Ferry server; `text()` is what `/metrics` serves. */
export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly deliveries = new Counter({ name: "ferry_webhook_deliveries_total", help: "Webhook deliveries by event and outcome (handled, failed, duplicate, rejected, draining)", labelNames: ["event", "outcome"], registers: [this.registry] });
  private readonly commands = new Histogram({ name: "ferry_command_duration_seconds", help: "Time from a command's comment to Ferry's reply, by command and outcome", labelNames: ["command", "outcome"], buckets: SECONDS, registers: [this.registry] });
  private readonly renders = new Histogram({ name: "ferry_render_duration_seconds", help: "Time to render one environment", labelNames: ["environment"], buckets: SECONDS, registers: [this.registry] });
  private readonly renderObjects = new Histogram({ name: "ferry_render_objects", help: "Objects one render produced", labelNames: ["environment"], buckets: [1, 10, 50, 100, 500, 1000, 5000, 20000], registers: [this.registry] });
  private readonly applies = new Counter({ name: "ferry_applies_total", help: "Applies to one cluster by environment, cluster and outcome (applied, dry-run, superseded, failed)", labelNames: ["environment", "cluster", "outcome"], registers: [this.registry] });
  private readonly applySeconds = new Histogram({ name: "ferry_apply_duration_seconds", help: "Time one cluster's apply held its Lease (apply, prune, health, inventory)", labelNames: ["environment", "cluster"], buckets: SECONDS, registers: [this.registry] });
  private readonly driftObjects = new Gauge({ name: "ferry_drift_objects", help: "Objects that differ from git at the last drift check, by environment", labelNames: ["environment"], registers: [this.registry] });
  private readonly leaseWaits = new Histogram({ name: "ferry_lease_wait_seconds", help: "Time spent waiting for a Lease, by Lease kind (apply, drift, delivery) and outcome", labelNames: ["lease", "outcome"], buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300], registers: [this.registry] });
  private readonly githubRequests = new Counter({ name: "ferry_github_requests_total", help: "Requests to GitHub's API by method and status class", labelNames: ["method", "status"], registers: [this.registry] });
  private readonly rateLimit = new Gauge({ name: "ferry_github_rate_limit_remaining", help: "Requests left in GitHub's rate limit window, as last reported, by resource", labelNames: ["resource"], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "ferry_" });
  }

  /** Returns the metrics in Prometheus' text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  delivery(p: Parameters<Metrics["delivery"]>[0]): void {
    this.deliveries.inc({ event: KNOWN_EVENTS.has(p.event) ? p.event : "other", outcome: p.outcome });
  }

  command(p: Parameters<Metrics["command"]>[0]): void {
    this.commands.observe({ command: KNOWN_COMMANDS.has(p.command) ? p.command : "invalid", outcome: p.outcome }, p.seconds);
  }

  render(p: Parameters<Metrics["render"]>[0]): void {
    this.renders.observe({ environment: p.environment }, p.seconds);
    this.renderObjects.observe({ environment: p.environment }, p.objects);
  }

  apply(p: Parameters<Metrics["apply"]>[0]): void {
    this.applies.inc({ environment: p.environment, cluster: p.cluster, outcome: p.outcome });
  }

  applyDuration(p: Parameters<Metrics["applyDuration"]>[0]): void {
    this.applySeconds.observe({ environment: p.environment, cluster: p.cluster }, p.seconds);
  }

  drift(p: Parameters<Metrics["drift"]>[0]): void {
    this.driftObjects.set({ environment: p.environment }, p.objects);
  }

  leaseWait(p: Parameters<Metrics["leaseWait"]>[0]): void {
    this.leaseWaits.observe({ lease: p.lease, outcome: p.outcome }, p.seconds);
  }

  githubRequest(p: Parameters<Metrics["githubRequest"]>[0]): void {
    this.githubRequests.inc({ method: p.method.toUpperCase(), status: p.status === 0 ? "error" : `${Math.floor(p.status / 100)}xx` });
    if (p.rateLimitRemaining !== undefined && Number.isFinite(p.rateLimitRemaining)) this.rateLimit.set({ resource: p.rateLimitResource ?? "core" }, p.rateLimitRemaining);
  }
}
