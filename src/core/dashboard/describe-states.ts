/**
 * Words and tones for every state the dashboard shows, and relative ages. Pure: the
 * time to measure from is passed in.
 */
import type { Health } from "../health/index.ts";
import type { DeploymentReading, DeploymentState, DriftObjectReading, PolicyReading } from "./dashboard-input.ts";
import type { StateView, Tone } from "./dashboard-model.ts";

const state = (s: string, words: string, tone: Tone): StateView => ({ state: s, words, tone });

const DEPLOYMENT: Record<DeploymentState, StateView> = {
  success: state("success", "succeeded", "good"),
  inactive: state("inactive", "succeeded, since replaced", "good"),
  failure: state("failure", "failed", "bad"),
  error: state("error", "errored", "bad"),
  in_progress: state("in_progress", "applying", "busy"),
  queued: state("queued", "queued", "busy"),
  pending: state("pending", "pending", "busy"),
};

/** Returns the words and tone of a Deployment's latest status. */
export function describeDeployment(s: DeploymentState): StateView {
  return DEPLOYMENT[s];
}

const HEALTH: Record<Health, StateView> = {
  Healthy: state("Healthy", "healthy", "good"),
  Progressing: state("Progressing", "progressing", "busy"),
  Degraded: state("Degraded", "degraded", "bad"),
  Unknown: state("Unknown", "health unknown", "idle"),
};

/** Returns the words and tone of a health (undefined: not read). */
export function describeHealth(h: Health | undefined): StateView {
  return h === undefined ? state("unread", "health not read", "idle") : HEALTH[h];
}

/** Returns the words and tone of a `ferry/policy` check (undefined: not reported yet). */
export function describePolicy(p: PolicyReading | undefined): StateView {
  if (p === undefined) return state("missing", "ferry/policy not reported yet", "idle");
  if (p.status !== "completed") return state(p.status, "ferry/policy running", "busy");
  if (p.conclusion === "success") return state("success", "ferry/policy passes", "good");
  if (p.conclusion === "neutral") return state("neutral", "ferry/policy passes with warnings", "good");
  return state(p.conclusion ?? "failure", "ferry/policy fails", "bad");
}

const DRIFT_WORDS: Record<DriftObjectReading["type"], string> = { modified: "changed on the cluster", missing: "missing from the cluster", orphaned: "left over: no longer in git", extra: "made by hand: not in git", unknown: "could not be compared" };

/** Returns how an object drifted, in words. */
export function describeDriftObject(type: DriftObjectReading["type"]): string {
  return DRIFT_WORDS[type];
}

/** Returns "n thing" / "n things". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Returns how long before `now` the time `at` was, in words ("just now", "5 min ago",
 * "3 h ago", "2 days ago"); "in the future" for clock skew; "" when `at` is not a date.
 */
export function formatAge(at: string | undefined, now: string): string {
  const then = Date.parse(at ?? "");
  const ref = Date.parse(now);
  if (Number.isNaN(then) || Number.isNaN(ref)) return "";
  const s = Math.round((ref - then) / 1000);
  if (s < -60) return "in the future";
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${plural(Math.floor(s / 86_400), "day")} ago`;
}

/** Returns the SHA the newest successful Deployment ran, or undefined when none succeeded. */
export function runningShaOf(deployments: readonly DeploymentReading[]): string | undefined {
  return deployments.find((d) => d.state === "success" || d.state === "inactive")?.sha;
}

/**
 * Returns the "Waiting for reviewers" lines of a `ferry/policy` summary (Markdown written
 * by renderPolicyCheckRun), unescaped; [] when there are none.
 */
export function parseWaitingFor(summary: string | undefined): string[] {
  if (summary === undefined) return [];
  const at = summary.indexOf("**Waiting for reviewers:**");
  if (at < 0) return [];
  const lines: string[] = [];
  for (const line of summary.slice(at).split("\n").slice(1)) {
    if (!line.startsWith("- ")) break;
    lines.push(line.slice(2).replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, "$1"));
  }
  return lines;
}
