/**
 * The table of API resources the test server serves: built-in kinds plus kinds
 * that Established CustomResourceDefinitions add at run time. Discovery, OpenAPI
 * and the router all read this one table so they never disagree.
 */

/** One served resource (a plural name under a group/version). */
export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Subresources served, e.g. `status`, `scale`. */
  subresources: string[];
  /** True for kinds added by a CRD. */
  custom?: boolean;
}

type Row = [group: string, version: string, kind: string, plural: string, namespaced: boolean, shortNames?: string[], subresources?: string[]];

const BUILT_IN: Row[] = [
  ["", "v1", "Namespace", "namespaces", false, ["ns"], ["status"]],
  ["", "v1", "ConfigMap", "configmaps", true, ["cm"]],
  ["", "v1", "Secret", "secrets", true],
  ["", "v1", "Service", "services", true, ["svc"], ["status"]],
  ["", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"]],
  ["", "v1", "Pod", "pods", true, ["po"], ["status"]],
  ["", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], ["status"]],
  ["", "v1", "Endpoints", "endpoints", true, ["ep"]],
  ["", "v1", "Event", "events", true, ["ev"]],
  ["apps", "v1", "Deployment", "deployments", true, ["deploy"], ["status", "scale"]],
  ["apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], ["status", "scale"]],
  ["apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], ["status"]],
  ["apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], ["status", "scale"]],
  ["batch", "v1", "Job", "jobs", true, [], ["status"]],
  ["batch", "v1", "CronJob", "cronjobs", true, ["cj"], ["status"]],
  ["networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"], ["status"]],
  ["networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"]],
  ["autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], ["status"]],
  ["autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], ["status"]],
  ["policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], ["status"]],
  ["rbac.authorization.k8s.io", "v1", "Role", "roles", true],
  ["rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true],
  ["rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false],
  ["rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false],
  ["coordination.k8s.io", "v1", "Lease", "leases", true],
  ["apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], ["status"]],
];

/** Returns the group/version string used in `apiVersion` (`v1` for the core group). */
export function groupVersion(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

/** A mutable registry of served resources, looked up by plural or by kind. */
export class ResourceRegistry {
  private readonly resources: ApiResource[] = [];

  constructor() {
    for (const [group, version, kind, plural, namespaced, shortNames, subresources] of BUILT_IN) {
      this.add({ group, version, kind, plural, singular: kind.toLowerCase(), namespaced, subresources: subresources ?? [], ...(shortNames?.length ? { shortNames } : {}) });
    }
  }

  /** Adds or replaces a resource (same group, version and plural). */
  add(resource: ApiResource): void {
    this.remove(resource.group, resource.version, resource.plural);
    this.resources.push(resource);
  }

  /** Removes a resource; a no-op when it is not served. */
  remove(group: string, version: string, plural: string): void {
    const index = this.resources.findIndex((r) => r.group === group && r.version === version && r.plural === plural);
    if (index >= 0) this.resources.splice(index, 1);
  }

  /** Returns the resource served at group/version/plural. */
  byPlural(group: string, version: string, plural: string): ApiResource | undefined {
    return this.resources.find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** Returns the resource for an object's apiVersion and kind. */
  byKind(apiVersion: string, kind: string): ApiResource | undefined {
    return this.resources.find((r) => groupVersion(r.group, r.version) === apiVersion && r.kind === kind);
  }

  /** Returns every served resource, built-ins first. */
  all(): readonly ApiResource[] {
    return this.resources;
  }

  /** Returns the served groups with their versions, preferred (first listed) version first. */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of this.resources) {
      const versions = out.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      out.set(r.group, versions);
    }
    return out;
  }
}
