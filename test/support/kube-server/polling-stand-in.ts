/**
 * What every engine stand-in shares: it looks for work every few milliseconds (as a
 * controller's watch would wake it), does nothing while its behaviour is "stopped" (a
 * controller that is not running), and runs at most one reconciliation per object at once.
 */
export abstract class PollingStandIn<Behaviour extends string> {
  behaviour: Behaviour;
  private readonly timer: NodeJS.Timeout;
  private readonly busy = new Set<string>();

  protected constructor(behaviour: Behaviour, pollMs = 10) {
    this.behaviour = behaviour;
    this.timer = setInterval(() => {
      if (this.behaviour !== "stopped") this.tick();
    }, pollMs);
    this.timer.unref();
  }

  /** Stops the stand-in (as if the controller were scaled to zero). */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Looks at the server's objects and starts the reconciliations due. */
  protected abstract tick(): void;

  /** Starts `work` for object `id` unless one is already running for it; errors are the controller's own business. */
  protected reconcileOnce(id: string, work: () => Promise<void> | undefined): void {
    if (this.busy.has(id)) return;
    const running = work();
    if (!running) return;
    this.busy.add(id);
    void running.catch(() => undefined).finally(() => this.busy.delete(id));
  }
}
