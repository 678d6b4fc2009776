import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * Shutdown past its deadline: work still running is abandoned, and the Leases it held
 * are given back at once instead of blocking other replicas until they expire.
 */
describe("shutdown with work still running", () => {
  let h: FerryHarness;
  beforeAll(async () => {
    h = await startFerryHarness({ cluster: true });
  });
  // Not h.stop(): it would wait for the handler that never ends.
  afterAll(async () => {
    await h.github.stop();
    await h.cluster?.server.stop();
    rmSync(h.example.dir, { recursive: true, force: true });
  });

  it("abandons it at the deadline and releases the apply Lease it held", async () => {
    const connection = await h.ferry.deps.connectCluster!("production");
    const lock = await connection.acquire({ environment: "production", sha: "a".repeat(40), waitSeconds: 5 });
    // An apply that never ends, holding the Lease.
    void h.ferry.deps.inflight.track(() => new Promise<void>(() => undefined));
    const lease = () => h.cluster!.server.getObject({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "ferry-system", name: "ferry-apply-production" }) as { spec: { holderIdentity?: string } } | undefined;
    const heldBy = lease()?.spec.holderIdentity;

    const result = await h.ferry.shutdown(1);

    expect(lock.status).toBe("acquired");
    expect(heldBy).toMatch(/@aaaaaaaaaaaa$/);
    expect(result).toBe("abandoned");
    expect(lease()?.spec.holderIdentity).toBeUndefined();
    expect(h.ferry.deps.heldLeases?.size).toBe(0);
  });
});
