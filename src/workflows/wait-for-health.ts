import { assessHealth } from "../core/health/index.ts";
import type { ResourceKey } from "../core/manifest/resource-key.ts";
import type { HealthResult } from "../core/plan/index.ts";
import type { Clock, ClusterReader } from "./ports.ts";

/** How often live objects are re-read while waiting. */
export const HEALTH_POLL_MS = 1000;

/**
 * Waits until every object in `keys` is Healthy, one is Degraded (no point waiting), or
 * `timeoutSeconds` pass. Returns the last health of each object that is not Healthy,
 * with `done` true only when all are Healthy.
 */
export async function waitForHealth(params: { reader: Pick<ClusterReader, "readObjects">; keys: readonly ResourceKey[]; timeoutSeconds: number; clock: Clock; sleep: (ms: number) => Promise<void> }): Promise<{ done: boolean; timedOut: boolean; pending: HealthResult[] }> {
  const { reader, keys, clock } = params;
  const deadline = clock.now().getTime() + params.timeoutSeconds * 1000;
  for (;;) {
    const live = await reader.readObjects(keys);
    const pending: HealthResult[] = [];
    for (const key of keys) {
      const obj = live.get(key);
      const health = obj ? assessHealth(obj) : { status: "Progressing" as const, message: "not found in the cluster" };
      if (health.status !== "Healthy") pending.push({ key, ...health });
    }
    if (pending.length === 0) return { done: true, timedOut: false, pending };
    if (pending.some((p) => p.status === "Degraded")) return { done: false, timedOut: false, pending };
    if (clock.now().getTime() >= deadline) return { done: false, timedOut: true, pending };
    await params.sleep(Math.min(HEALTH_POLL_MS, Math.max(0, deadline - clock.now().getTime())));
  }
}
