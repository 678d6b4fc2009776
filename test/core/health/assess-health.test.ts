import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { assessHealth, isHealthTracked, worstHealth, type Health } from "../../../src/core/health/index.ts";

const obj = (apiVersion: string, kind: string, rest: Partial<KubeObject> & { generation?: number } = {}): KubeObject => {
  const { generation, ...fields } = rest;
  return { apiVersion, kind, metadata: { name: "x", namespace: "shop", ...(generation !== undefined ? { generation } : {}) }, ...fields } as KubeObject;
};
const deploy = (spec: object, status: object, generation = 2) => obj("apps/v1", "Deployment", { generation, spec: spec as KubeObject["spec"], status: status as KubeObject["status"] });
const cond = (type: string, status: string, reason = "", message = "") => ({ type, status, reason, message });

describe("assessHealth", () => {
  it.each([
    { name: "deployment whose controller has not seen the new generation is progressing", o: deploy({ replicas: 2 }, { observedGeneration: 1, updatedReplicas: 2, replicas: 2, availableReplicas: 2 }), status: "Progressing" },
    { name: "deployment with all replicas updated and available is healthy", o: deploy({ replicas: 2 }, { observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 2 }), status: "Healthy" },
    { name: "deployment with fewer updated replicas than wanted is progressing", o: deploy({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 1, replicas: 3, availableReplicas: 3 }), status: "Progressing" },
    { name: "deployment with old replicas still running is progressing", o: deploy({ replicas: 2 }, { observedGeneration: 2, updatedReplicas: 2, replicas: 3, availableReplicas: 2 }), status: "Progressing" },
    { name: "deployment with unavailable updated replicas is progressing", o: deploy({ replicas: 2 }, { observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 1 }), status: "Progressing" },
    { name: "deployment past its progress deadline is degraded", o: deploy({ replicas: 2 }, { observedGeneration: 2, conditions: [cond("Progressing", "False", "ProgressDeadlineExceeded", "timed out")] }), status: "Degraded" },
    { name: "deployment scaled to zero is healthy", o: deploy({ replicas: 0 }, { observedGeneration: 2 }), status: "Healthy" },
    { name: "deployment without any status yet is progressing", o: deploy({ replicas: 1 }, {}, 1), status: "Progressing" },
    { name: "paused deployment is healthy", o: deploy({ replicas: 1, paused: true }, { observedGeneration: 2 }), status: "Healthy" },
    { name: "statefulset with unready replicas is progressing", o: obj("apps/v1", "StatefulSet", { generation: 1, spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 1 } }), status: "Progressing" },
    { name: "statefulset mid-revision is progressing", o: obj("apps/v1", "StatefulSet", { generation: 1, spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 1, currentRevision: "a", updateRevision: "b" } }), status: "Progressing" },
    { name: "statefulset on one revision with ready replicas is healthy", o: obj("apps/v1", "StatefulSet", { generation: 1, spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 2, currentRevision: "b", updateRevision: "b" } }), status: "Healthy" },
    { name: "daemonset with pods still updating is progressing", o: obj("apps/v1", "DaemonSet", { generation: 1, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3 } }), status: "Progressing" },
    { name: "daemonset with every pod available is healthy", o: obj("apps/v1", "DaemonSet", { generation: 1, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 } }), status: "Healthy" },
    { name: "failed job is degraded", o: obj("batch/v1", "Job", { status: { conditions: [cond("Failed", "True", "BackoffLimitExceeded")] } }), status: "Degraded" },
    { name: "complete job is healthy", o: obj("batch/v1", "Job", { status: { conditions: [cond("Complete", "True")] } }), status: "Healthy" },
    { name: "running job is progressing", o: obj("batch/v1", "Job", { status: { active: 1 } }), status: "Progressing" },
    { name: "bound claim is healthy", o: obj("v1", "PersistentVolumeClaim", { status: { phase: "Bound" } }), status: "Healthy" },
    { name: "pending claim is progressing", o: obj("v1", "PersistentVolumeClaim", { status: { phase: "Pending" } }), status: "Progressing" },
    { name: "lost claim is degraded", o: obj("v1", "PersistentVolumeClaim", { status: { phase: "Lost" } }), status: "Degraded" },
    { name: "established CRD is healthy", o: obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", { status: { conditions: [cond("Established", "True")] } }), status: "Healthy" },
    { name: "CRD whose names were refused is degraded", o: obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", { status: { conditions: [cond("NamesAccepted", "False", "Conflict")] } }), status: "Degraded" },
    { name: "load balancer without an address is progressing", o: obj("v1", "Service", { spec: { type: "LoadBalancer" }, status: { loadBalancer: {} } }), status: "Progressing" },
    { name: "cluster IP service is healthy", o: obj("v1", "Service", { spec: { type: "ClusterIP" } }), status: "Healthy" },
    { name: "config map is healthy once it exists", o: obj("v1", "ConfigMap", { data: { a: "b" } }), status: "Healthy" },
    { name: "custom resource with Ready=False is progressing", o: obj("acme.dev/v1", "Widget", { status: { conditions: [cond("Ready", "False", "Waiting")] } }), status: "Progressing" },
    { name: "custom resource that is stalled is degraded", o: obj("acme.dev/v1", "Widget", { status: { conditions: [cond("Stalled", "True", "Broken")] } }), status: "Degraded" },
  ])("$name", ({ o, status }) => {
    const result = assessHealth(o);

    expect(result.status).toBe(status);
  });
});

describe("worstHealth", () => {
  it.each([
    { name: "is healthy for an empty list", list: [] as Health[], worst: "Healthy" },
    { name: "prefers degraded over progressing", list: ["Progressing", "Degraded", "Healthy"] as Health[], worst: "Degraded" },
    { name: "prefers progressing over healthy", list: ["Healthy", "Progressing"] as Health[], worst: "Progressing" },
  ])("$name", ({ list, worst }) => {
    expect(worstHealth(list)).toBe(worst);
  });
});

describe("isHealthTracked", () => {
  it.each`
    group                          | kind                          | tracked
    ${"apps"}                      | ${"Deployment"}               | ${true}
    ${"batch"}                     | ${"Job"}                      | ${true}
    ${""}                          | ${"PersistentVolumeClaim"}    | ${true}
    ${""}                          | ${"ConfigMap"}                | ${false}
    ${"rbac.authorization.k8s.io"} | ${"Role"}                     | ${false}
    ${"apiextensions.k8s.io"}      | ${"CustomResourceDefinition"} | ${true}
    ${"acme.dev"}                  | ${"Widget"}                   | ${true}
  `("$group/$kind tracked: $tracked", ({ group, kind, tracked }) => {
    expect(isHealthTracked(group, kind)).toBe(tracked);
  });
});
