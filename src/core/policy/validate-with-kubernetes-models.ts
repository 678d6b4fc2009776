/**
 * Validates built-in kinds with `kubernetes-models`, a maintained package that ships the
 * Kubernetes OpenAPI schemas as precompiled validators (types, required fields, enums,
 * formats). Pure computation over data, so the policy core may use it. The schemas do
 * not forbid unknown fields (Kubernetes' OpenAPI has no additionalProperties: false), so
 * the schema rule keeps Ferry's field tables for that one check.
 */
import type { Model } from "@kubernetes-models/base";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolume } from "kubernetes-models/v1/PersistentVolume";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Pod } from "kubernetes-models/v1/Pod";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ReplicaSet } from "kubernetes-models/apps/v1/ReplicaSet";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Job } from "kubernetes-models/batch/v1/Job";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { IngressClass } from "kubernetes-models/networking.k8s.io/v1/IngressClass";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { PriorityClass } from "kubernetes-models/scheduling.k8s.io/v1/PriorityClass";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";
import type { KubeObject } from "../manifest/kube-object.ts";

type ModelClass = new (data: never) => Model<unknown>;

const MODELS = new Map<string, ModelClass>(
  (
    [
      ["v1", [ConfigMap, LimitRange, Namespace, PersistentVolume, PersistentVolumeClaim, Pod, ResourceQuota, Secret, Service, ServiceAccount]],
      ["apps/v1", [DaemonSet, Deployment, ReplicaSet, StatefulSet]],
      ["batch/v1", [CronJob, Job]],
      ["autoscaling/v2", [HorizontalPodAutoscaler]],
      ["networking.k8s.io/v1", [Ingress, IngressClass, NetworkPolicy]],
      ["policy/v1", [PodDisruptionBudget]],
      ["rbac.authorization.k8s.io/v1", [ClusterRole, ClusterRoleBinding, Role, RoleBinding]],
      ["storage.k8s.io/v1", [StorageClass]],
      ["scheduling.k8s.io/v1", [PriorityClass]],
      ["apiextensions.k8s.io/v1", [CustomResourceDefinition]],
    ] as const
  ).flatMap(([apiVersion, classes]) => classes.map((c) => [`${apiVersion}/${c.name}`, c as unknown as ModelClass] as const)),
);

/**
 * Returns the schema problems of a built-in object as "path: message" pairs, or
 * undefined when the package has no model for its apiVersion and kind. Never mutates
 * `obj` and never quotes a field's value.
 */
export function validateWithKubernetesModels(obj: KubeObject): { path: string; message: string }[] | undefined {
  const Model = MODELS.get(`${obj.apiVersion}/${obj.kind}`);
  if (!Model) return undefined;
  try {
    new Model(structuredClone(obj) as never).validate();
    return [];
  } catch (error) {
    // ajv's text: "data/spec must have required property selector, data/spec/x must be integer"
    const text = error instanceof Error ? error.message : String(error);
    return text.split(/, (?=data[/ ])/).map((part) => {
      const match = /^data(\S*) (.*)$/.exec(part.trim());
      return match ? { path: dotted(match[1] as string), message: reword(match[2] as string) } : { path: "(root)", message: part.trim() };
    });
  }
}

// "/spec/template/spec/containers/0" → "spec.template.spec.containers[0]", like Ferry's other schema findings.
function dotted(pointer: string): string {
  const parts = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === "" ? part : `${path}.${part}`), "") || "(root)";
}

// ajv's wording, said the way a reviewer reads it.
function reword(message: string): string {
  const required = /^must have required property '?([^']+)'?$/.exec(message);
  if (required) return `missing required field "${required[1]}"`;
  const type = /^must be (string|integer|number|boolean|object|array)$/.exec(message);
  if (type) return `must be ${type[1] === "integer" || type[1] === "object" || type[1] === "array" ? "an" : "a"} ${type[1]}`;
  return message;
}
