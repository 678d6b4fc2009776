/**
 * Tracks webhook handlers still running. Probot answers a delivery after about nine
 * seconds even when its handler is still working, so "the delivery was answered" does
 * not mean "Ferry is done": shutdown drains the tracker, and tests wait on it.
 */
export class InflightTracker {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `work`, tracking it until it settles, and returns its promise. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.running.add(promise);
    const forget = () => this.running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Resolves when no tracked handler is running (including ones started meanwhile). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
