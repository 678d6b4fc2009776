/**
 * How fast Ferry writes to GitHub. GitHub's secondary rate limits ask integrations to
 * make writes serially, to wait about a second between writes when they make many, and
 * to keep content-creating requests (comments, PRs, issues) under 80 a minute and 500 an
 * hour. Octokit's throttling plugin, as Probot wires it, meets that by spacing every write
 * 1 s apart and every comment or PR 3 s apart, from the first one on: a `/promote` that
 * makes eight writes then takes eight seconds although GitHub objects to none of them.
 *
 * Ferry paces the same way over time but lets a short burst go at once: writes stay
 * serial (one at a time) and draw on a bucket of 10 that refills by one a second; comments
 * and PRs also draw on a bucket of 5 that refills by one every 3 s. A burst is an event's
 * handful of writes; a sustained stream (a drift sweep over many repositories) settles to
 * the plugin's own pace, 1 write a second and 20 content writes a minute, well inside
 * GitHub's limits. One pair of buckets serves every installation of the process (the
 * plugin keys them the same way), so many repositories together cannot exceed it either.
 * The buckets are Bottleneck's (the library the plugin is built on), passed to the plugin
 * as its own `write` and `notifications` groups.
 */
import Bottleneck from "bottleneck";

/** The pace of writes: a bucket of `burst` that refills by one every `refillMs`. */
export interface Pace {
  readonly burst: number;
  readonly refillMs: number;
}

export const WRITE_PACE: Pace = { burst: 10, refillMs: 1000 };
export const CONTENT_PACE: Pace = { burst: 5, refillMs: 3000 };

/** Returns the `write` and `notifications` groups for Octokit's `throttle` option. */
export function writePacing(params: { write?: Pace; content?: Pace } = {}): { write: Bottleneck.Group; notifications: Bottleneck.Group } {
  return { write: group("ferry-write", params.write ?? WRITE_PACE), notifications: group("ferry-content", params.content ?? CONTENT_PACE) };
}

function group(id: string, pace: Pace): Bottleneck.Group {
  return new Bottleneck.Group({
    id,
    // Serial, as GitHub asks; the bucket does the spacing.
    maxConcurrent: 1,
    reservoir: pace.burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: pace.refillMs,
    reservoirIncreaseMaximum: pace.burst,
    // The plugin's own: a key's limiter left idle this long is dropped.
    timeout: 120_000,
  });
}
