import { isJsonObject, type JsonObject, type JsonValue, type KubeObject } from "../manifest/kube-object.ts";
import { apiGroup } from "../manifest/resource-key.ts";

/** Health states, worst-last for waiting: a plan is done when nothing is Progressing. */
export const HEALTH_ORDER = ["Healthy", "Progressing", "Degraded", "Unknown"] as const;
/** How a live object is doing. `Degraded` will not recover by waiting; `Progressing` may. */
export type Health = (typeof HEALTH_ORDER)[number];

/** A health verdict with the reason, as a short lowercase sentence. */
export interface HealthAssessment {
  readonly status: Health;
  readonly message: string;
}

const healthy = (message = "ready"): HealthAssessment => ({ status: "Healthy", message });
const progressing = (message: string): HealthAssessment => ({ status: "Progressing", message });
const degraded = (message: string): HealthAssessment => ({ status: "Degraded", message });

/**
 * Returns the health of a live object from its status alone, the way kstatus and
 * gitops-engine judge it: the controller must have observed the latest generation, then
 * each kind's own counters and conditions decide. Kinds without a lifecycle are Healthy
 * once they exist. Pure; reads only `obj`.
 *
 * @example
 * assessHealth(liveDeployment) // { status: "Progressing", message: "2 of 3 replicas updated" }
 */
export function assessHealth(obj: KubeObject): HealthAssessment {
  const status = isJsonObject(obj.status) ? obj.status : {};
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const generation = num(obj.metadata.generation);
  const observed = num(status.observedGeneration);
  const group = apiGroup(obj.apiVersion);
  const tracksGeneration = ["apps", "batch"].includes(group) || isJsonObject(obj.status);
  if (tracksGeneration && generation !== undefined && observed !== undefined && observed < generation) {
    return progressing(`waiting for the controller to observe generation ${generation} (seen ${observed})`);
  }
  const kind = `${group}/${obj.kind}`;
  switch (kind) {
    case "apps/Deployment":
      return deploymentHealth(spec, status, observed !== undefined || generation === undefined);
    case "apps/StatefulSet":
      return statefulSetHealth(spec, status);
    case "apps/DaemonSet":
      return daemonSetHealth(status);
    case "apps/ReplicaSet": {
      const want = num(spec.replicas) ?? 1;
      const ready = num(status.availableReplicas) ?? 0;
      return ready < want ? progressing(`${ready} of ${want} replicas available`) : healthy();
    }
    case "batch/Job":
      if (conditionIs(status, "Failed", "True")) return degraded(`job failed: ${conditionMessage(status, "Failed")}`);
      if (conditionIs(status, "Complete", "True")) return healthy("job complete");
      return progressing("job running");
    case "/PersistentVolumeClaim":
      if (status.phase === "Bound") return healthy("bound");
      if (status.phase === "Lost") return degraded("claim lost its volume");
      return progressing(`claim ${typeof status.phase === "string" ? status.phase.toLowerCase() : "pending"}`);
    case "/Pod":
      if (status.phase === "Failed") return degraded("pod failed");
      if (status.phase === "Succeeded" || conditionIs(status, "Ready", "True")) return healthy();
      return progressing("pod not ready");
    case "/Namespace":
      return status.phase === "Terminating" ? progressing("namespace terminating") : healthy("active");
    case "apiextensions.k8s.io/CustomResourceDefinition":
      if (conditionIs(status, "NamesAccepted", "False")) return degraded(`names not accepted: ${conditionMessage(status, "NamesAccepted")}`);
      return conditionIs(status, "Established", "True") ? healthy("established") : progressing("waiting for the CRD to be established");
    case "/Service": {
      if (spec.type !== "LoadBalancer") return healthy();
      const lb = isJsonObject(status.loadBalancer) ? status.loadBalancer : {};
      return Array.isArray(lb.ingress) && lb.ingress.length > 0 ? healthy() : progressing("waiting for a load balancer address");
    }
    default:
      // Custom kinds following the Kubernetes conventions (kstatus): Stalled means it
      // will not recover; Ready=False means it is still working.
      if (conditionIs(status, "Stalled", "True")) return degraded(`stalled: ${conditionMessage(status, "Stalled")}`);
      if (conditionIs(status, "Ready", "False")) return progressing(`not ready: ${conditionMessage(status, "Ready")}`);
      return healthy(isJsonObject(obj.status) ? "ready" : "exists");
  }
}

/** Returns the worst health of a list (Degraded over Progressing over Unknown over Healthy). */
export function worstHealth(list: readonly Health[]): Health {
  const rank: Record<Health, number> = { Healthy: 0, Unknown: 1, Progressing: 2, Degraded: 3 };
  return list.reduce<Health>((worst, h) => (rank[h] > rank[worst] ? h : worst), "Healthy");
}

function deploymentHealth(spec: JsonObject, status: JsonObject, observedKnown: boolean): HealthAssessment {
  if (spec.paused === true) return healthy("rollout paused");
  const progressingCondition = findCondition(status, "Progressing");
  if (progressingCondition?.reason === "ProgressDeadlineExceeded") return degraded(`rollout exceeded its progress deadline: ${str(progressingCondition.message)}`);
  if (!observedKnown) return progressing("waiting for the deployment controller");
  const want = num(spec.replicas) ?? 1;
  const updated = num(status.updatedReplicas) ?? 0;
  const total = num(status.replicas) ?? 0;
  const available = num(status.availableReplicas) ?? 0;
  if (updated < want) return progressing(`${updated} of ${want} replicas updated`);
  if (total > updated) return progressing(`${total - updated} old replicas pending termination`);
  if (available < updated) return progressing(`${available} of ${updated} updated replicas available`);
  return healthy(`${available} of ${want} replicas available`);
}

function statefulSetHealth(spec: JsonObject, status: JsonObject): HealthAssessment {
  const want = num(spec.replicas) ?? 1;
  const ready = num(status.readyReplicas) ?? 0;
  if (ready < want) return progressing(`${ready} of ${want} replicas ready`);
  const strategy = isJsonObject(spec.updateStrategy) ? spec.updateStrategy : {};
  if (strategy.type === "OnDelete") return healthy("on-delete update strategy");
  const rolling = isJsonObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const partition = num(rolling.partition) ?? 0;
  const updated = num(status.updatedReplicas) ?? 0;
  if (partition > 0) return updated < want - partition ? progressing(`${updated} of ${want - partition} partitioned replicas updated`) : healthy();
  if (status.updateRevision !== status.currentRevision) return progressing(`${updated} of ${want} replicas updated`);
  return healthy(`${ready} of ${want} replicas ready`);
}

function daemonSetHealth(status: JsonObject): HealthAssessment {
  const want = num(status.desiredNumberScheduled) ?? 0;
  const updated = num(status.updatedNumberScheduled) ?? 0;
  const available = num(status.numberAvailable) ?? 0;
  if (updated < want) return progressing(`${updated} of ${want} pods updated`);
  if (available < want) return progressing(`${available} of ${want} pods available`);
  return healthy(`${available} of ${want} pods available`);
}

function findCondition(status: JsonObject, type: string): JsonObject | undefined {
  const list = Array.isArray(status.conditions) ? status.conditions : [];
  return list.find((c): c is JsonObject => isJsonObject(c) && c.type === type);
}

function conditionIs(status: JsonObject, type: string, value: "True" | "False"): boolean {
  return findCondition(status, type)?.status === value;
}

function conditionMessage(status: JsonObject, type: string): string {
  const c = findCondition(status, type);
  return str(c?.message) || str(c?.reason) || "no reason given";
}

function num(v: JsonValue | undefined): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function str(v: JsonValue | undefined): string {
  return typeof v === "string" ? v : "";
}

// Built-in kinds whose objects are done once the API server stored them: re-reading
// them while waiting for health would only cost requests.
const STATIC_GROUPS = new Set(["", "rbac.authorization.k8s.io", "networking.k8s.io", "policy", "scheduling.k8s.io", "storage.k8s.io", "coordination.k8s.io", "autoscaling", "admissionregistration.k8s.io", "node.k8s.io", "discovery.k8s.io"]);
const TRACKED_CORE_KINDS = new Set(["PersistentVolumeClaim", "Pod", "Service"]);

/** Returns whether an object of `group`/`kind` has a status worth waiting for (workloads, claims, CRDs, custom kinds). */
export function isHealthTracked(group: string, kind: string): boolean {
  if (group === "") return TRACKED_CORE_KINDS.has(kind);
  return !STATIC_GROUPS.has(group);
}
