import { isJsonObject, type JsonObject, type KubeObject } from "../manifest/kube-object.ts";
import { statusOf, type EngineProgress } from "./engine-progress.ts";

const waiting = (reason: string): EngineProgress => ({ state: "waiting", reason });
const failed = (reason: string): EngineProgress => ({ state: "failed", reason });

function field(obj: unknown, ...path: string[]): unknown {
  let at: unknown = obj;
  for (const key of path) at = isJsonObject(at) ? at[key] : undefined;
  return at;
}

/** Returns the sources an Application deploys from (`spec.source`, or `spec.sources[]` of multi-source Applications). */
function sources(app: KubeObject): JsonObject[] {
  const spec = isJsonObject(app.spec) ? app.spec : {};
  if (Array.isArray(spec.sources)) return spec.sources.filter(isJsonObject);
  return isJsonObject(spec.source) ? [spec.source] : [];
}

/**
 * Returns how Ferry should make an Application deploy `branch`'s new head: `refresh`
 * when it tracks that branch with automated sync (Argo CD then syncs the new commit by
 * itself and refuses a manual sync to any other revision), else `sync` (an operation
 * with `sync.revision`, as `argocd app sync --revision` sends). Pure.
 */
export function decideArgoTrigger(app: KubeObject, branch: string): "refresh" | "sync" {
  const automated = isJsonObject(field(app, "spec", "syncPolicy", "automated"));
  const tracks = sources(app).some((s) => s.targetRevision === branch || s.targetRevision === `refs/heads/${branch}`);
  return automated && tracks ? "refresh" : "sync";
}

/**
 * Returns the revisions a sync of a multi-source Application (`spec.sources`) names, one
 * per source: `sha` for the sources tracking `branch`, the others' own targetRevision;
 * undefined for a single-source Application (its sync names one `revision`). Pure.
 */
export function argoSyncRevisions(app: KubeObject, branch: string, sha: string): string[] | undefined {
  const spec = isJsonObject(app.spec) ? app.spec : {};
  if (!Array.isArray(spec.sources)) return undefined;
  return sources(app).map((s) => (s.targetRevision === branch || s.targetRevision === `refs/heads/${branch}` ? sha : String(s.targetRevision ?? "HEAD")));
}

// A single-source field names the SHA, or a multi-source list includes it.
function names(value: unknown, sha: string): boolean {
  return value === sha || (Array.isArray(value) && value.includes(sha));
}

/** Returns true while an operation is requested or running (a new sync would be refused by Argo CD). */
export function isArgoOperationRunning(app: KubeObject): boolean {
  const phase = field(statusOf(app), "operationState", "phase");
  return isJsonObject(app.operation) || phase === "Running" || phase === "Terminating";
}

/**
 * Returns how far an Application (argoproj.io/v1alpha1) is with deploying `sha`: done
 * when `status.operationState.phase` is Succeeded for an operation at this revision,
 * `status.sync.revision` equals the SHA, `status.sync.status` is Synced and
 * `status.health.status` Healthy; failed when that operation ended Failed or Error (with
 * the operation's message) or the application's health is Degraded; waiting otherwise
 * (an older operation's state, an operation still pending or running). Pure.
 */
export function evaluateArgoApplication(app: KubeObject, sha: string): EngineProgress {
  const what = `Application ${app.metadata.namespace ?? ""}/${app.metadata.name ?? ""}`;
  const status = statusOf(app);
  const op = isJsonObject(status.operationState) ? status.operationState : {};
  const opRevision = field(op, "syncResult", "revision") ?? field(op, "operation", "sync", "revision");
  const opRevisions = field(op, "syncResult", "revisions") ?? field(op, "operation", "sync", "revisions");
  const phase = String(op.phase ?? "");
  const message = String(op.message ?? "");
  if (isJsonObject(app.operation)) return waiting(`${what} has not yet started the requested operation`);
  if (!names(opRevision, sha) && !names(opRevisions, sha)) return waiting(`${what} has not yet run an operation at ${sha.slice(0, 7)}${phase ? ` (last: ${phase} at ${String(opRevision ?? "?").slice(0, 7)})` : ""}`);
  if (phase === "Failed" || phase === "Error") return failed(`${what} sync of ${sha.slice(0, 7)} ended ${phase}: ${message || "no message"}`);
  if (phase !== "Succeeded") return waiting(`${what} sync of ${sha.slice(0, 7)} is ${phase || "pending"}${message ? `: ${message}` : ""}`);
  const health = String(field(status, "health", "status") ?? "");
  const healthMessage = String(field(status, "health", "message") ?? "");
  if (health === "Degraded") return failed(`${what} synced ${sha.slice(0, 7)} but its health is Degraded${healthMessage ? `: ${healthMessage}` : ""}`);
  const syncRevision = field(status, "sync", "revision");
  const syncStatus = String(field(status, "sync", "status") ?? "");
  if (!names(syncRevision, sha) && !names(field(status, "sync", "revisions"), sha)) return waiting(`${what} compares against ${String(syncRevision ?? "nothing").slice(0, 7)}, not ${sha.slice(0, 7)}`);
  if (syncStatus !== "Synced") return waiting(`${what} is ${syncStatus || "not yet compared"} at ${sha.slice(0, 7)}`);
  if (health !== "Healthy") return waiting(`${what} health is ${health || "unknown"}${healthMessage ? `: ${healthMessage}` : ""}`);
  return { state: "done", reason: `${what} synced ${sha.slice(0, 7)}: ${message || "successfully synced"}, Healthy` };
}
