/**
 * The Metrics port: what Ferry counts and times, as events with closed label sets
 * (event, outcome, command, environment, cluster), never a SHA, a PR number, a user or
 * a repository. Adapters and workflows report to it; `adapters/metrics` turns the
 * events into Prometheus series. Core never sees it.
 */

/** How one webhook delivery ended. */
export type DeliveryOutcome = "handled" | "failed" | "duplicate" | "rejected" | "draining";

/** What Lease a wait was for. */
export type LeaseKind = "apply" | "drift" | "delivery";

/** Receives Ferry's measurements. Every method is cheap and never throws. */
export interface Metrics {
  /** Counts one webhook delivery by event and outcome. */
  delivery(params: { readonly event: string; readonly outcome: DeliveryOutcome }): void;
  /** Times one command (`/promote`, `/merge`, ...) from its comment to its reply. */
  command(params: { readonly command: string; readonly outcome: "ok" | "refused" | "failed"; readonly seconds: number }): void;
  /** Times one render and counts what it produced. */
  render(params: { readonly environment: string; readonly seconds: number; readonly objects: number }): void;
  /** Counts one apply to one cluster by outcome. */
  apply(params: { readonly environment: string; readonly cluster: string; readonly outcome: string }): void;
  /** Times how long one cluster's apply held its Lease (apply, health, inventory). */
  applyDuration(params: { readonly environment: string; readonly cluster: string; readonly seconds: number }): void;
  /** Sets the number of drifting objects last seen in an environment. */
  drift(params: { readonly environment: string; readonly objects: number }): void;
  /** Times one wait for a Lease and how it ended. */
  leaseWait(params: { readonly lease: LeaseKind; readonly outcome: "acquired" | "busy" | "superseded" | "failed"; readonly seconds: number }): void;
  /** Counts one GitHub request and records the rate limit GitHub reported with it. */
  githubRequest(params: { readonly method: string; readonly status: number; readonly rateLimitRemaining?: number; readonly rateLimitResource?: string }): void;
}

/** Metrics that record nothing (the CLI, tests that do not look). */
export const NO_METRICS: Metrics = {
  delivery: () => undefined,
  command: () => undefined,
  render: () => undefined,
  apply: () => undefined,
  applyDuration: () => undefined,
  drift: () => undefined,
  leaseWait: () => undefined,
  githubRequest: () => undefined,
};
