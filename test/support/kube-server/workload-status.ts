/**
 * The status the controllers of a real cluster would write for workloads and
 * other kinds with a lifecycle: a rollout is either progressing, ready, or
 * failed (its image never becomes ready), and the status bodies carry the
 * conditions and counters `kubectl rollout status` and health checks read.
 */
import { createHash } from "node:crypto";
import { isObject, type Json } from "./object-fields.ts";

/** Where a workload's rollout stands. */
export type RolloutState = "progressing" | "ready" | "failed";

const HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Returns a pod-template-hash-like suffix for the object's pod template (stable per template). */
export function templateHash(o: Json): string {
  const spec = isObject(o.spec) ? o.spec : {};
  const digest = createHash("sha256").update(JSON.stringify(spec.template ?? spec.jobTemplate ?? {})).digest();
  let out = "";
  for (let i = 0; i < 10; i++) out += HASH_ALPHABET[(digest[i] ?? 0) % HASH_ALPHABET.length];
  return out;
}

/** Returns the container images of a workload's pod template. */
export function templateImages(o: Json): string[] {
  const spec = isObject(o.spec) ? o.spec : {};
  const jobTemplate = isObject(spec.jobTemplate) ? spec.jobTemplate : undefined;
  const template = isObject(spec.template) ? spec.template : isObject(jobTemplate?.spec) ? (jobTemplate.spec as Json).template : undefined;
  const podSpec = isObject(template) && isObject(template.spec) ? template.spec : {};
  return [...(Array.isArray(podSpec.containers) ? podSpec.containers : []), ...(Array.isArray(podSpec.initContainers) ? podSpec.initContainers : [])]
    .filter(isObject)
    .map((c) => String(c.image ?? ""));
}

function condition(type: string, status: boolean, reason: string, message: string, now: string, withUpdate = true): Json {
  return { ...(withUpdate ? { lastUpdateTime: now } : {}), lastTransitionTime: now, message, reason, status: status ? "True" : "False", type };
}

function deploymentStatus(o: Json, state: RolloutState, now: string): Json {
  const replicas = Number((o.spec as Json).replicas ?? 1);
  const generation = Number((o.metadata as Json).generation ?? 1);
  const rs = `${String((o.metadata as Json).name)}-${templateHash(o)}`;
  if (state === "ready" || replicas === 0) {
    return {
      ...(replicas > 0 ? { availableReplicas: replicas } : {}),
      conditions: [
        condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.", now),
        condition("Progressing", true, "NewReplicaSetAvailable", `ReplicaSet "${rs}" has successfully progressed.`, now),
      ],
      observedGeneration: generation,
      ...(replicas > 0 ? { readyReplicas: replicas, replicas, updatedReplicas: replicas } : {}),
    };
  }
  const progressing = state === "failed"
    ? condition("Progressing", false, "ProgressDeadlineExceeded", `ReplicaSet "${rs}" has timed out progressing.`, now)
    : condition("Progressing", true, "ReplicaSetUpdated", `ReplicaSet "${rs}" is progressing.`, now);
  return {
    conditions: [condition("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now), progressing],
    observedGeneration: generation,
    replicas,
    unavailableReplicas: replicas,
    updatedReplicas: replicas,
  };
}

function statefulSetStatus(o: Json, state: RolloutState): Json {
  const replicas = Number((o.spec as Json).replicas ?? 1);
  const revision = `${String((o.metadata as Json).name)}-${templateHash(o)}`;
  const ready = state === "ready" ? replicas : 0;
  return {
    availableReplicas: ready,
    collisionCount: 0,
    currentReplicas: ready,
    currentRevision: state === "ready" ? revision : `${String((o.metadata as Json).name)}-previous`,
    observedGeneration: Number((o.metadata as Json).generation ?? 1),
    readyReplicas: ready,
    replicas,
    updateRevision: revision,
    updatedReplicas: replicas,
  };
}

function daemonSetStatus(o: Json, state: RolloutState): Json {
  const ready = state === "ready" ? 1 : 0;
  return {
    currentNumberScheduled: 1,
    desiredNumberScheduled: 1,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    ...(ready ? {} : { numberUnavailable: 1 }),
    observedGeneration: Number((o.metadata as Json).generation ?? 1),
    updatedNumberScheduled: 1,
  };
}

function jobStatus(o: Json, state: RolloutState, now: string, startTime: string): Json {
  const completions = Number((o.spec as Json).completions ?? 1);
  if (state === "ready") {
    return {
      completionTime: now,
      conditions: [
        { lastProbeTime: now, lastTransitionTime: now, message: "Reached expected number of succeeded pods", reason: "CompletionsReached", status: "True", type: "SuccessCriteriaMet" },
        { lastProbeTime: now, lastTransitionTime: now, message: "Reached expected number of succeeded pods", reason: "CompletionsReached", status: "True", type: "Complete" },
      ],
      ready: 0,
      startTime,
      succeeded: completions,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
  }
  if (state === "failed") {
    return {
      conditions: [{ lastProbeTime: now, lastTransitionTime: now, message: "Job has reached the specified backoff limit", reason: "BackoffLimitExceeded", status: "True", type: "Failed" }],
      failed: 1,
      ready: 0,
      startTime,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
  }
  return { active: 1, ready: 0, startTime, terminating: 0, uncountedTerminatedPods: {} };
}

/** Kinds whose status depends on a rollout. */
export const ROLLOUT_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);

/** Returns the status a kind's controller would write in `state`, or undefined for kinds without one. */
export function computeStatus(o: Json, state: RolloutState, now: string): Json | undefined {
  const previous = isObject(o.status) ? o.status : {};
  switch (o.kind) {
    case "Deployment":
      return deploymentStatus(o, state, now);
    case "StatefulSet":
      return statefulSetStatus(o, state);
    case "DaemonSet":
      return daemonSetStatus(o, state);
    case "ReplicaSet": {
      const replicas = Number((o.spec as Json).replicas ?? 1);
      const ready = state === "ready" ? replicas : 0;
      return { availableReplicas: ready, fullyLabeledReplicas: replicas, observedGeneration: Number((o.metadata as Json).generation ?? 1), readyReplicas: ready, replicas };
    }
    case "Job":
      return jobStatus(o, state, now, String(previous.startTime ?? now));
    case "Pod":
      return { conditions: [condition("Ready", true, "PodReady", "", now, false)], phase: "Running", startTime: String(previous.startTime ?? now) };
    case "Namespace":
      return { phase: "Active" };
    case "PersistentVolumeClaim": {
      const spec = isObject(o.spec) ? o.spec : {};
      const requests = isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests : {};
      return { accessModes: spec.accessModes ?? ["ReadWriteOnce"], capacity: { ...requests }, phase: "Bound" };
    }
    default:
      return undefined;
  }
}
