import type { ErrorCode } from "../errors.ts";
import type { Clock, ClusterConnection } from "./ports.ts";

/** What every engine step (Flux, Argo CD) is given: the cluster, the SHA and the deadline. */
export interface EngineStepParams {
  readonly cluster: ClusterConnection;
  readonly sha: string;
  /** The environment's branch (an Argo CD Application tracking it is refreshed, not synced). */
  readonly branch: string;
  /** Prune what git no longer has (`apply.prune`), where the engine lets Ferry say so. */
  readonly prune: boolean;
  /** Check the engine's objects only; request nothing. */
  readonly dryRunOnly?: boolean;
  /** When waiting stops (ms since the epoch), and the timeout it came from (for messages). */
  readonly deadline: number;
  readonly timeoutSeconds: number;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
}

/** How an engine step ended: the engine's message, and on failure the ErrorCode. */
export type EngineStepResult = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };
