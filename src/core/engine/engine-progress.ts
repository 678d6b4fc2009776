import { isJsonObject, type JsonObject, type KubeObject } from "../manifest/kube-object.ts";

/**
 * Where an engine is with one request: `done` (applied and healthy), `failed` (it will
 * not get there by waiting: the engine's own reason is in `reason`) or `waiting`
 * (`reason` says for what, which is the message when the wait times out).
 */
export interface EngineProgress {
  readonly state: "done" | "failed" | "waiting";
  readonly reason: string;
}

/** A status condition as Kubernetes API conventions define it (metav1.Condition). */
export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  readonly observedGeneration: number | undefined;
}

/** Returns the object's `status`, or an empty object when it has none. */
export function statusOf(obj: KubeObject): JsonObject {
  return isJsonObject(obj.status) ? obj.status : {};
}

/** Returns the condition of `type` in the object's status, if there is one. */
export function findCondition(obj: KubeObject, type: string): Condition | undefined {
  const conditions = statusOf(obj).conditions;
  const found = Array.isArray(conditions) ? conditions.find((c) => isJsonObject(c) && c.type === type) : undefined;
  if (!isJsonObject(found)) return undefined;
  return { type, status: String(found.status ?? ""), reason: String(found.reason ?? ""), message: String(found.message ?? ""), observedGeneration: typeof found.observedGeneration === "number" ? found.observedGeneration : undefined };
}

/** Returns true when the controller has not yet seen the object's latest generation (its Ready condition or status say an older one). */
export function isStale(obj: KubeObject, ready: Condition | undefined): boolean {
  const generation = obj.metadata.generation;
  const observed = ready?.observedGeneration ?? statusOf(obj).observedGeneration;
  return typeof generation === "number" && typeof observed === "number" && observed < generation;
}

/** Returns `reason: message` of a condition, or what is known of it, for messages. */
export function describeCondition(c: Condition): string {
  return [c.reason, c.message].filter((s) => s !== "").join(": ") || `${c.type}=${c.status}`;
}
