/**
 * Legacy discovery documents (`/version`, `/api`, `/api/v1`, `/apis`,
 * `/apis/{group}`, `/apis/{group}/{version}`) built from the resource registry.
 * Aggregated discovery is not served: answering an aggregated-discovery Accept
 * header with plain `application/json` makes kubectl and client-go fall back to
 * these legacy documents, as they do against older servers.
 */
import { groupVersion, type ApiResource, type ResourceRegistry } from "./resource-registry.ts";

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** Returns the `/version` body of a Kubernetes 1.32 server. */
export function versionInfo(): Record<string, unknown> {
  return {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.0",
    gitCommit: "70d3cc986aa8221cd1dfb1121852688902d3bf53",
    gitTreeState: "clean",
    buildDate: "2024-12-11T17:59:15Z",
    goVersion: "go1.23.3",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

/** Returns the `/api` body. */
export function coreVersions(serverAddress: string): Record<string, unknown> {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const entries = versions.map((version) => ({ groupVersion: groupVersion(name, version), version }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

/** Returns the `/apis` body (every named group). */
export function groupList(registry: ResourceRegistry): Record<string, unknown> {
  const groups = [...registry.groups()].filter(([name]) => name !== "").map(([name, versions]) => apiGroup(name, versions));
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

/** Returns the `/apis/{group}` body, or undefined when the group is not served. */
export function groupDocument(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  const versions = registry.groups().get(group);
  return versions ? { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group, versions) } : undefined;
}

function resourceEntries(r: ApiResource): Record<string, unknown>[] {
  const main: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: VERBS };
  if (r.shortNames) main.shortNames = r.shortNames;
  if (r.custom) main.categories = ["all"];
  const subs = r.subresources.map((sub) =>
    sub === "scale"
      ? { name: `${r.plural}/scale`, singularName: "", namespaced: r.namespaced, group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] }
      : { name: `${r.plural}/${sub}`, singularName: "", namespaced: r.namespaced, kind: r.kind, verbs: ["get", "patch", "update"] },
  );
  return [main, ...subs];
}

/** Returns the `APIResourceList` of a group/version, or undefined when it is not served. */
export function resourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const resources = registry.all().filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersion(group, version), resources: resources.flatMap(resourceEntries) };
}
