/** What a Lease says, as far as Ferry's apply lock is concerned. Times are epoch ms. */
export interface LeaseView {
  readonly holder: string | undefined;
  readonly renewedAt: number | undefined;
  readonly durationSeconds: number | undefined;
  /** The newest apply requested so far (any replica), by request time. */
  readonly latest: { readonly sha: string; readonly requestedAt: number } | undefined;
}

/** One replica's request for the lock. */
export interface LeaseRequest {
  readonly holder: string;
  readonly sha: string;
  readonly requestedAt: number;
}

/** What to do next: take the Lease, wait (recording this request as the newest when it is), or give up. */
export type LeaseDecision =
  | { readonly action: "take" }
  | { readonly action: "wait"; readonly holder: string; readonly recordLatest: boolean }
  | { readonly action: "superseded"; readonly by: string };

/**
 * Returns what a replica asking for an environment's apply lock should do. A Lease is
 * free when nobody holds it or its holder stopped renewing it for longer than its
 * duration (a crashed holder). A request older than the newest one recorded is
 * superseded: the newer SHA will be applied, so applying this one after it would roll
 * the environment back. Pure.
 */
export function decideLease(lease: LeaseView | undefined, request: LeaseRequest, now: number): LeaseDecision {
  const latest = lease?.latest;
  if (latest && latest.sha !== request.sha && latest.requestedAt > request.requestedAt) return { action: "superseded", by: latest.sha };
  const holder = lease?.holder;
  const expired = lease?.renewedAt === undefined || lease.renewedAt + (lease.durationSeconds ?? 0) * 1000 < now;
  if (!holder || holder === request.holder || expired) return { action: "take" };
  const recordLatest = !latest || (latest.sha !== request.sha && latest.requestedAt <= request.requestedAt);
  return { action: "wait", holder, recordLatest };
}
