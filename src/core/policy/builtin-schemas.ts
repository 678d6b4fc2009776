/**
 * Compact schemas of the most used built-in Kubernetes kinds (Kubernetes 1.32): the
 * fields each object may have, their types and which are required. Hand-written
 * because no package shipping the official OpenAPI schemas is installed; the JSON
 * schemas of `kubernetes-models` (or yannh/kubernetes-json-schema) would replace this.
 * Objects marked open accept unknown fields; "any" fields are not checked further.
 */

/** The type of one field. A key ending in "!" is required. */
export type FieldType =
  | "string"
  | "integer"
  | "boolean"
  | "int-or-string"
  | "quantity"
  | "string-map"
  | "quantity-map"
  | "any"
  | { readonly array: FieldType }
  | ObjectType;

/** An object type: its fields, and whether other fields are allowed. */
export interface ObjectType {
  readonly fields: Readonly<Record<string, FieldType>>;
  readonly open?: boolean;
}

const o = (fields: Record<string, FieldType>, open = false): ObjectType => ({ fields, open });
const arr = (of: FieldType): FieldType => ({ array: of });
const s = "string" as const;
const i = "integer" as const;
const b = "boolean" as const;

const objectMeta = o({
  name: s, generateName: s, namespace: s, labels: "string-map", annotations: "string-map", uid: s, resourceVersion: s, generation: i,
  creationTimestamp: "any", deletionTimestamp: "any", deletionGracePeriodSeconds: i, ownerReferences: arr("any"), finalizers: arr(s), managedFields: arr("any"), selfLink: s,
});
const labelSelector = o({ matchLabels: "string-map", matchExpressions: arr(o({ "key!": s, "operator!": s, values: arr(s) })) });
const resources = o({ limits: "quantity-map", requests: "quantity-map", claims: arr("any") });
const probe = o({
  exec: o({ command: arr(s) }), httpGet: o({ path: s, "port!": "int-or-string", host: s, scheme: s, httpHeaders: arr(o({ "name!": s, "value!": s })) }),
  tcpSocket: o({ "port!": "int-or-string", host: s }), grpc: o({ "port!": i, service: s }),
  initialDelaySeconds: i, timeoutSeconds: i, periodSeconds: i, successThreshold: i, failureThreshold: i, terminationGracePeriodSeconds: i,
});
const container = o({
  "name!": s, image: s, command: arr(s), args: arr(s), workingDir: s,
  ports: arr(o({ "containerPort!": i, name: s, protocol: s, hostPort: i, hostIP: s })),
  envFrom: arr(o({ prefix: s, configMapRef: o({ name: s, optional: b }), secretRef: o({ name: s, optional: b }) })),
  env: arr(o({ "name!": s, value: s, valueFrom: "any" })),
  resources, resizePolicy: arr("any"), restartPolicy: s,
  volumeMounts: arr(o({ "name!": s, "mountPath!": s, readOnly: b, subPath: s, subPathExpr: s, mountPropagation: s, recursiveReadOnly: s })),
  volumeDevices: arr("any"), livenessProbe: probe, readinessProbe: probe, startupProbe: probe, lifecycle: "any",
  terminationMessagePath: s, terminationMessagePolicy: s, imagePullPolicy: s, securityContext: "any", stdin: b, stdinOnce: b, tty: b,
});
const podSpec = o({
  "containers!": arr(container), initContainers: arr(container), ephemeralContainers: arr("any"), volumes: arr(o({ "name!": s }, true)),
  restartPolicy: s, terminationGracePeriodSeconds: i, activeDeadlineSeconds: i, dnsPolicy: s, nodeSelector: "string-map",
  serviceAccountName: s, serviceAccount: s, automountServiceAccountToken: b, nodeName: s, hostNetwork: b, hostPID: b, hostIPC: b,
  shareProcessNamespace: b, securityContext: "any", imagePullSecrets: arr(o({ name: s })), hostname: s, subdomain: s, affinity: "any",
  schedulerName: s, tolerations: arr("any"), hostAliases: arr("any"), priorityClassName: s, priority: i, dnsConfig: "any",
  readinessGates: arr("any"), runtimeClassName: s, enableServiceLinks: b, preemptionPolicy: s, overhead: "quantity-map",
  topologySpreadConstraints: arr("any"), setHostnameAsFQDN: b, os: "any", hostUsers: b, schedulingGates: arr("any"), resourceClaims: arr("any"), resources,
});
const podTemplate = o({ metadata: objectMeta, spec: podSpec });
const jobSpec = o({
  "template!": podTemplate, parallelism: i, completions: i, activeDeadlineSeconds: i, podFailurePolicy: "any", successPolicy: "any",
  backoffLimit: i, backoffLimitPerIndex: i, maxFailedIndexes: i, selector: labelSelector, manualSelector: b, ttlSecondsAfterFinished: i,
  completionMode: s, suspend: b, podReplacementPolicy: s, managedBy: s,
});
const roleRules = arr(o({ "verbs!": arr(s), apiGroups: arr(s), resources: arr(s), resourceNames: arr(s), nonResourceURLs: arr(s) }));
const binding = { "roleRef!": o({ "apiGroup!": s, "kind!": s, "name!": s }), subjects: arr(o({ "kind!": s, "name!": s, apiGroup: s, namespace: s })) };

/** Top-level fields beyond apiVersion, kind, metadata and status, per "group/Kind". */
const KINDS: Record<string, { versions: readonly string[]; fields: Record<string, FieldType> }> = {
  "/ConfigMap": { versions: ["v1"], fields: { data: "string-map", binaryData: "string-map", immutable: b } },
  "/Secret": { versions: ["v1"], fields: { data: "string-map", stringData: "string-map", type: s, immutable: b } },
  "/Namespace": { versions: ["v1"], fields: { spec: o({ finalizers: arr(s) }) } },
  "/ServiceAccount": { versions: ["v1"], fields: { secrets: arr("any"), imagePullSecrets: arr(o({ name: s })), automountServiceAccountToken: b } },
  "/PersistentVolumeClaim": { versions: ["v1"], fields: { spec: "any" } },
  "/Pod": { versions: ["v1"], fields: { spec: podSpec } },
  "/Service": {
    versions: ["v1"],
    fields: {
      spec: o({
        ports: arr(o({ "port!": i, name: s, protocol: s, appProtocol: s, targetPort: "int-or-string", nodePort: i })), selector: "string-map",
        clusterIP: s, clusterIPs: arr(s), type: s, externalIPs: arr(s), sessionAffinity: s, loadBalancerIP: s, loadBalancerSourceRanges: arr(s),
        externalName: s, externalTrafficPolicy: s, healthCheckNodePort: i, publishNotReadyAddresses: b, sessionAffinityConfig: "any",
        ipFamilies: arr(s), ipFamilyPolicy: s, allocateLoadBalancerNodePorts: b, loadBalancerClass: s, internalTrafficPolicy: s, trafficDistribution: s,
      }),
    },
  },
  "apps/Deployment": {
    versions: ["v1"],
    fields: { spec: o({ replicas: i, "selector!": labelSelector, "template!": podTemplate, strategy: "any", minReadySeconds: i, revisionHistoryLimit: i, paused: b, progressDeadlineSeconds: i }) },
  },
  "apps/StatefulSet": {
    versions: ["v1"],
    fields: {
      spec: o({
        replicas: i, "selector!": labelSelector, "template!": podTemplate, serviceName: s, volumeClaimTemplates: arr("any"), podManagementPolicy: s,
        updateStrategy: "any", revisionHistoryLimit: i, minReadySeconds: i, persistentVolumeClaimRetentionPolicy: "any", ordinals: "any",
      }),
    },
  },
  "apps/DaemonSet": { versions: ["v1"], fields: { spec: o({ "selector!": labelSelector, "template!": podTemplate, updateStrategy: "any", minReadySeconds: i, revisionHistoryLimit: i }) } },
  "batch/Job": { versions: ["v1"], fields: { spec: jobSpec } },
  "batch/CronJob": {
    versions: ["v1"],
    fields: {
      spec: o({
        "schedule!": s, timeZone: s, startingDeadlineSeconds: i, concurrencyPolicy: s, suspend: b, "jobTemplate!": o({ metadata: objectMeta, spec: jobSpec }),
        successfulJobsHistoryLimit: i, failedJobsHistoryLimit: i,
      }),
    },
  },
  "networking.k8s.io/Ingress": {
    versions: ["v1"],
    fields: {
      spec: o({
        ingressClassName: s, defaultBackend: "any", tls: arr(o({ hosts: arr(s), secretName: s })),
        rules: arr(o({ host: s, http: o({ "paths!": arr(o({ path: s, "pathType!": s, "backend!": "any" })) }) })),
      }),
    },
  },
  "networking.k8s.io/NetworkPolicy": { versions: ["v1"], fields: { spec: "any" } },
  "policy/PodDisruptionBudget": { versions: ["v1"], fields: { spec: o({ minAvailable: "int-or-string", maxUnavailable: "int-or-string", selector: labelSelector, unhealthyPodEvictionPolicy: s }) } },
  "autoscaling/HorizontalPodAutoscaler": {
    versions: ["v2"],
    fields: { spec: o({ "scaleTargetRef!": o({ "kind!": s, "name!": s, apiVersion: s }), minReplicas: i, "maxReplicas!": i, metrics: arr("any"), behavior: "any" }) },
  },
  "rbac.authorization.k8s.io/Role": { versions: ["v1"], fields: { rules: roleRules } },
  "rbac.authorization.k8s.io/ClusterRole": { versions: ["v1"], fields: { rules: roleRules, aggregationRule: "any" } },
  "rbac.authorization.k8s.io/RoleBinding": { versions: ["v1"], fields: binding },
  "rbac.authorization.k8s.io/ClusterRoleBinding": { versions: ["v1"], fields: binding },
};

/** Returns the schema of a built-in kind: its object type, or the versions served when `version` is not one. */
export function builtinSchemaOf(group: string, kind: string, version: string): { type: ObjectType } | { servedVersions: readonly string[] } | undefined {
  const entry = KINDS[`${group}/${kind}`];
  if (!entry) return undefined;
  if (!entry.versions.includes(version)) return { servedVersions: entry.versions };
  return { type: o({ "apiVersion!": s, "kind!": s, "metadata!": objectMeta, status: "any", ...entry.fields }) };
}
