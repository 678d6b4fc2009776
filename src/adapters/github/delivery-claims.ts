/**
 * Claims on webhook deliveries, so one delivery (one `X-GitHub-Delivery` GUID) does its
 * work once however often it arrives: GitHub's "Redeliver", a proxy's retry, or the
 * same delivery reaching two replicas. A claim is taken before the first handler runs
 * and finished when the last one ends. This composes with idempotent writes (a retried
 * write finds what it already wrote): claims stop the repeat before any work starts,
 * idempotency covers what slips past (a claim whose holder died mid-work is taken over).
 */

/** Whether this process should handle a delivery. */
export type ClaimOutcome = "mine" | "duplicate";

/** Where claims are kept: this process's memory, or a Lease per delivery shared by replicas. */
export interface DeliveryClaims {
  /** Claims `deliveryId`; "duplicate" when it is already handled or being handled. */
  claim(deliveryId: string): Promise<ClaimOutcome>;
  /** Marks a claimed delivery done (kept until its TTL), or gives it up when it failed so a redelivery retries it. */
  finish(deliveryId: string, ok: boolean): Promise<void>;
}

/** Claims in this process's memory, for a single replica; entries expire after `ttlSeconds`. */
export class MemoryDeliveryClaims implements DeliveryClaims {
  private readonly claims = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async claim(deliveryId: string): Promise<ClaimOutcome> {
    const now = this.now();
    for (const [id, at] of this.claims) if (now - at > this.ttlSeconds * 1000) this.claims.delete(id);
    if (this.claims.has(deliveryId)) return "duplicate";
    this.claims.set(deliveryId, now);
    return "mine";
  }

  async finish(deliveryId: string, ok: boolean): Promise<void> {
    if (!ok) this.claims.delete(deliveryId);
  }
}
