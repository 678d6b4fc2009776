import type { Context } from "probot";
import type { Metrics } from "../../workflows/metrics.ts";
import type { DeliveryClaims } from "./delivery-claims.ts";
import type { InflightTracker } from "./inflight-tracker.ts";

/** One running delivery: its claim, shared by the handlers it fans out to. */
interface Running {
  claim: Promise<boolean>;
  handlers: number;
  failed: boolean;
}

/**
 * Runs the handlers of webhook deliveries: tracked (shutdown drains them), claimed once
 * per delivery GUID (a duplicate runs no handler), counted by event and outcome, and
 * with `context.log` bound to the delivery id, event, repository, PR, branch and SHA so
 * every line a handler logs carries them.
 */
export class DeliveryRunner {
  // Keyed by the payload object: every handler of one arrival shares it, while a second
  // arrival of the same GUID (a redelivery) has its own and meets the claim.
  private readonly running = new WeakMap<object, Running>();

  constructor(private readonly deps: { inflight: InflightTracker; claims: DeliveryClaims; metrics: Pick<Metrics, "delivery"> }) {}

  /** Runs `work` (one handler of the delivery `context` describes) as described above. */
  run(context: Context, work: () => Promise<unknown>): Promise<void> {
    return this.deps.inflight.track(() => this.runClaimed(context, work));
  }

  private async runClaimed(context: Context, work: () => Promise<unknown>): Promise<void> {
    context.log = context.log.child(deliveryFields(context));
    let entry = this.running.get(context.payload);
    if (!entry) {
      const claim = this.deps.claims.claim(context.id).then(
        (outcome) => {
          if (outcome === "duplicate") this.deps.metrics.delivery({ event: context.name, outcome: "duplicate" });
          return outcome === "mine";
        },
        (error: unknown) => {
          // Fail open: handlers are idempotent, and a dropped webhook is lost work.
          context.log.warn({ err: error }, "delivery claim failed; handling the delivery anyway");
          return true;
        },
      );
      entry = { claim, handlers: 0, failed: false };
      this.running.set(context.payload, entry);
    }
    entry.handlers++;
    try {
      if (!(await entry.claim)) {
        context.log.info("duplicate delivery skipped");
        return;
      }
      await work();
    } catch (error) {
      entry.failed = true;
      throw error;
    } finally {
      if (--entry.handlers === 0) {
        this.running.delete(context.payload);
        if (await entry.claim.catch(() => false)) {
          this.deps.metrics.delivery({ event: context.name, outcome: entry.failed ? "failed" : "handled" });
          await this.deps.claims.finish(context.id, !entry.failed).catch((error: unknown) => context.log.warn({ err: error }, "delivery claim not finished"));
        }
      }
    }
  }
}

// Only names and numbers: never a comment body or anything else a person wrote.
function deliveryFields(context: Context): Record<string, string | number> {
  const p = context.payload as {
    repository?: { full_name?: string };
    pull_request?: { number?: number; head?: { sha?: string }; base?: { ref?: string } };
    issue?: { number?: number };
    check_run?: { head_sha?: string; pull_requests?: { number?: number }[] };
    ref?: string;
    after?: string;
  };
  // Read before the payload's shape is checked (check-payload.ts): anything may be of any type here.
  const pr = firstOf("number", p.pull_request?.number, p.issue?.number, Array.isArray(p.check_run?.pull_requests) ? p.check_run.pull_requests[0]?.number : undefined);
  const sha = firstOf("string", p.pull_request?.head?.sha, p.check_run?.head_sha, p.after);
  const ref = firstOf("string", p.ref);
  const branch = firstOf("string", p.pull_request?.base?.ref, ref?.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined);
  const repo = firstOf("string", p.repository?.full_name);
  return {
    deliveryId: context.id,
    event: context.name,
    ...(repo && { repo }),
    ...(pr !== undefined && { pr }),
    ...(branch && { branch }),
    ...(sha && { sha }),
  };
}

function firstOf<T extends "string" | "number">(type: T, ...values: unknown[]): (T extends "string" ? string : number) | undefined {
  return values.find((v) => typeof v === type) as (T extends "string" ? string : number) | undefined;
}
