/** Leases this process holds right now, so shutdown can give them back. */
export class HeldLeases {
  private readonly releases = new Set<() => Promise<void>>();

  /** Remembers a release until it runs. */
  add(release: () => Promise<void>): () => Promise<void> {
    let done: Promise<void> | undefined;
    const once = () => (done ??= release().finally(() => this.releases.delete(once)));
    this.releases.add(once);
    return once;
  }

  /** Returns how many Leases are held. */
  get size(): number {
    return this.releases.size;
  }

  /** Releases every Lease still held (errors are ignored: an unreleased Lease expires). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.releases].map((release) => release().catch(() => undefined)));
  }
}
