/**
 * Whether a pull_request or pull_request_review delivery should still be acted on, judged
 * against the PR as GitHub describes it now. GitHub delivers webhooks late, twice and out
 * of order (a redelivery from the App's settings page can come days later): an event
 * about a head the PR no longer has, or about a PR that has since been merged or closed,
 * is left alone, with the reason in words for the log.
 */
export type PullEventVerdict = { readonly act: true } | { readonly act: false; readonly reason: "merged" | "closed" | "superseded"; readonly why: string };

/** What the event saw and what the PR is now; `current` comes from a fresh read of the PR. */
export function judgePullEvent(params: { eventHeadSha: string; current: { number: number; state: "open" | "closed"; merged: boolean; headSha: string } }): PullEventVerdict {
  const { eventHeadSha, current } = params;
  if (current.merged) return { act: false, reason: "merged", why: `#${current.number} was merged after this event was sent; nothing is left to report or check` };
  if (current.state !== "open") return { act: false, reason: "closed", why: `#${current.number} was closed after this event was sent; it is evaluated again if it is reopened` };
  if (current.headSha !== eventHeadSha) {
    return { act: false, reason: "superseded", why: `#${current.number} moved from ${eventHeadSha.slice(0, 7)} to ${current.headSha.slice(0, 7)} after this event was sent; the event of the new head reports on it` };
  }
  return { act: true };
}
