import type { ClusterConnector, LockOutcome } from "../../workflows/ports.ts";
import type { Metrics } from "../../workflows/metrics.ts";
import type { HeldLeases } from "../cluster/held-leases.ts";

/**
 * Returns `connect` with its Leases measured and remembered: the time each `acquire`
 * waited and how it ended (`ferry_lease_wait_seconds`), how long an apply held its
 * cluster's Lease (`ferry_apply_duration_seconds`), and every held Lease in `held` until
 * it is released. The connection is otherwise untouched (a Proxy, so class methods stay).
 */
export function instrumentConnector(params: { connect: ClusterConnector; metrics: Pick<Metrics, "leaseWait" | "applyDuration">; held: HeldLeases; now?: () => number }): ClusterConnector {
  const now = params.now ?? (() => performance.now());
  return async (cluster, access) => {
    const connection = await params.connect(cluster, access);
    return new Proxy(connection, {
      get(target, property, receiver) {
        if (property !== "acquire") {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return async (request: Parameters<typeof target.acquire>[0]): Promise<LockOutcome> => {
          const drift = request.environment.startsWith("drift-");
          const started = now();
          let outcome: LockOutcome;
          try {
            outcome = await target.acquire(request);
          } catch (error) {
            params.metrics.leaseWait({ lease: drift ? "drift" : "apply", outcome: "failed", seconds: (now() - started) / 1000 });
            throw error;
          }
          const acquiredAt = now();
          params.metrics.leaseWait({ lease: drift ? "drift" : "apply", outcome: outcome.status, seconds: (acquiredAt - started) / 1000 });
          if (outcome.status !== "acquired") return outcome;
          const release = outcome.release;
          return {
            status: "acquired",
            release: params.held.add(async () => {
              await release();
              if (!drift) params.metrics.applyDuration({ environment: request.environment, cluster, seconds: (now() - acquiredAt) / 1000 });
            }),
          };
        };
      },
    });
  };
}
