/**
 * The defaults the real API server fills into common kinds, so objects read back
 * from the test server look like `kubectl get -o yaml` on a real cluster. Only
 * missing fields are filled; nothing here is recorded as owned by a manager.
 */
import { isObject, type Json } from "./object-fields.ts";

/** Allocators for server-assigned values (cluster IPs, node ports). */
export interface DefaultContext {
  allocateClusterIP(): string;
  allocateNodePort(): number;
}

function obj(parent: Json, key: string): Json {
  const value = parent[key];
  if (isObject(value)) return value;
  const created: Json = {};
  parent[key] = created;
  return created;
}

function fill(target: Json, defaults: Json): void {
  for (const [key, value] of Object.entries(defaults)) if (target[key] === undefined) target[key] = value;
}

function list(parent: Json, key: string): Json[] {
  const value = parent[key];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  fill(probe, { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  if (isObject(probe.httpGet)) fill(probe.httpGet, { scheme: "HTTP" });
}

function defaultContainer(c: Json): void {
  const image = String(c.image ?? "");
  const lastPart = image.split("/").pop() ?? "";
  const tagged = !image.includes("@") && lastPart.includes(":") && !lastPart.endsWith(":latest");
  fill(c, {
    imagePullPolicy: image.includes("@") || tagged ? "IfNotPresent" : "Always",
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
    resources: {},
  });
  for (const p of list(c, "ports")) fill(p, { protocol: "TCP" });
  for (const e of list(c, "env")) {
    const fieldRef = isObject(e.valueFrom) ? e.valueFrom.fieldRef : undefined;
    if (isObject(fieldRef)) fill(fieldRef, { apiVersion: "v1" });
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

function defaultPodSpec(spec: Json): void {
  fill(spec, { restartPolicy: "Always", terminationGracePeriodSeconds: 30, dnsPolicy: "ClusterFirst", securityContext: {}, schedulerName: "default-scheduler" });
  for (const c of [...list(spec, "containers"), ...list(spec, "initContainers")]) defaultContainer(c);
  for (const v of list(spec, "volumes")) {
    if (isObject(v.configMap)) fill(v.configMap, { defaultMode: 420 });
    if (isObject(v.secret)) fill(v.secret, { defaultMode: 420 });
  }
}

function defaultTemplate(template: Json): void {
  const metadata = obj(template, "metadata");
  // Go serializes the zero metav1.Time of a template as null; real clusters show it.
  if (!("creationTimestamp" in metadata)) metadata.creationTimestamp = null;
  defaultPodSpec(obj(template, "spec"));
}

function defaultServicePorts(spec: Json, ctx: DefaultContext): void {
  for (const p of list(spec, "ports")) {
    fill(p, { protocol: "TCP", targetPort: p.port });
    if ((spec.type === "NodePort" || spec.type === "LoadBalancer") && p.nodePort === undefined) p.nodePort = ctx.allocateNodePort();
  }
}

function defaultService(o: Json, ctx: DefaultContext): void {
  const spec = obj(o, "spec");
  fill(spec, { type: "ClusterIP", sessionAffinity: "None" });
  if (spec.type !== "ExternalName") {
    if (spec.clusterIP === undefined) spec.clusterIP = ctx.allocateClusterIP();
    fill(spec, { clusterIPs: [spec.clusterIP], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", internalTrafficPolicy: "Cluster" });
  }
  if (spec.type === "NodePort" || spec.type === "LoadBalancer") fill(spec, { externalTrafficPolicy: "Cluster" });
  if (spec.type === "LoadBalancer") fill(spec, { allocateLoadBalancerNodePorts: true });
  defaultServicePorts(spec, ctx);
  fill(obj(o, "status"), { loadBalancer: {} });
}

const BY_KIND: Record<string, (o: Json, ctx: DefaultContext) => void> = {
  Deployment(o) {
    const spec = obj(o, "spec");
    fill(spec, { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    const strategy = obj(spec, "strategy");
    fill(strategy, { type: "RollingUpdate" });
    if (strategy.type === "RollingUpdate") fill(obj(strategy, "rollingUpdate"), { maxSurge: "25%", maxUnavailable: "25%" });
    defaultTemplate(obj(spec, "template"));
  },
  StatefulSet(o) {
    const spec = obj(o, "spec");
    fill(spec, { replicas: 1, podManagementPolicy: "OrderedReady", revisionHistoryLimit: 10, persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" } });
    const strategy = obj(spec, "updateStrategy");
    fill(strategy, { type: "RollingUpdate" });
    if (strategy.type === "RollingUpdate") fill(obj(strategy, "rollingUpdate"), { partition: 0 });
    for (const claim of list(spec, "volumeClaimTemplates")) {
      fill(claim, { apiVersion: "v1", kind: "PersistentVolumeClaim" });
      fill(obj(claim, "spec"), { volumeMode: "Filesystem" });
      fill(obj(claim, "status"), { phase: "Pending" });
    }
    defaultTemplate(obj(spec, "template"));
  },
  DaemonSet(o) {
    const spec = obj(o, "spec");
    fill(spec, { revisionHistoryLimit: 10 });
    const strategy = obj(spec, "updateStrategy");
    fill(strategy, { type: "RollingUpdate" });
    if (strategy.type === "RollingUpdate") fill(obj(strategy, "rollingUpdate"), { maxSurge: 0, maxUnavailable: 1 });
    defaultTemplate(obj(spec, "template"));
  },
  ReplicaSet(o) {
    fill(obj(o, "spec"), { replicas: 1 });
    defaultTemplate(obj(obj(o, "spec"), "template"));
  },
  Job(o) {
    const spec = obj(o, "spec");
    fill(spec, { backoffLimit: 6, completions: 1, parallelism: 1, completionMode: "NonIndexed", suspend: false, podReplacementPolicy: "TerminatingOrFailed" });
    const uid = String(obj(o, "metadata").uid ?? "");
    const name = String(obj(o, "metadata").name ?? "");
    const generated = { "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name };
    if (spec.selector === undefined) spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
    const template = obj(spec, "template");
    fill(obj(obj(template, "metadata"), "labels"), generated);
    defaultTemplate(template);
  },
  CronJob(o) {
    const spec = obj(o, "spec");
    fill(spec, { concurrencyPolicy: "Allow", failedJobsHistoryLimit: 1, successfulJobsHistoryLimit: 3, suspend: false });
    const jobTemplate = obj(spec, "jobTemplate");
    const jobMeta = obj(jobTemplate, "metadata");
    if (!("creationTimestamp" in jobMeta)) jobMeta.creationTimestamp = null;
    const jobSpec = obj(jobTemplate, "spec");
    defaultTemplate(obj(jobSpec, "template"));
  },
  Pod(o) {
    const spec = obj(o, "spec");
    defaultPodSpec(spec);
    fill(spec, { enableServiceLinks: true, preemptionPolicy: "PreemptLowerPriority", priority: 0, serviceAccountName: "default", serviceAccount: spec.serviceAccountName ?? "default" });
  },
  Service: defaultService,
  Secret(o) {
    fill(o, { type: "Opaque" });
    if (isObject(o.stringData)) {
      const data = obj(o, "data");
      for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v)).toString("base64");
      delete o.stringData;
    }
  },
  Namespace(o) {
    const metadata = obj(o, "metadata");
    obj(metadata, "labels")["kubernetes.io/metadata.name"] = metadata.name;
    fill(obj(o, "spec"), { finalizers: ["kubernetes"] });
  },
  PersistentVolumeClaim(o) {
    fill(obj(o, "spec"), { volumeMode: "Filesystem" });
  },
  NetworkPolicy(o) {
    const spec = obj(o, "spec");
    if (spec.policyTypes === undefined) spec.policyTypes = spec.egress !== undefined ? ["Ingress", "Egress"] : ["Ingress"];
    for (const rule of [...list(spec, "ingress"), ...list(spec, "egress")]) for (const p of list(rule, "ports")) fill(p, { protocol: "TCP" });
  },
  HorizontalPodAutoscaler(o) {
    const spec = obj(o, "spec");
    fill(spec, { minReplicas: 1 });
    if (o.apiVersion === "autoscaling/v2" && spec.metrics === undefined) spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
  },
  CustomResourceDefinition(o) {
    fill(obj(o, "spec"), { conversion: { strategy: "None" } });
  },
};

/** Fills the server defaults of `o` in place (kind from `o.kind`). */
export function applyDefaults(o: Json, ctx: DefaultContext): void {
  BY_KIND[String(o.kind)]?.(o, ctx);
}
