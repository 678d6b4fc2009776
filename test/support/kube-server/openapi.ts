/**
 * Just enough OpenAPI for kubectl: v3 documents per group/version whose PATCH
 * and POST operations declare the `fieldValidation`, `dryRun`, `fieldManager` and
 * `force` query parameters, so kubectl's query-parameter check finds server-side
 * field validation and skips client-side schema validation. Schemas are
 * open objects tagged with their group/version/kind; `kubectl explain` is not
 * supported.
 */
import { createHash } from "node:crypto";
import type { ApiResource, ResourceRegistry } from "./resource-registry.ts";

const QUERY = (name: string): Record<string, unknown> => ({ name, in: "query", schema: { type: "string", uniqueItems: true } });

function operation(r: ApiResource, action: string, params: string[]): Record<string, unknown> {
  return {
    operationId: `${action}${r.kind}`,
    parameters: params.map(QUERY),
    responses: { "200": { description: "OK" } },
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": { group: r.group, version: r.version, kind: r.kind },
  };
}

function gvPrefix(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

function schemaName(r: ApiResource): string {
  return `${r.group === "" ? "io.k8s.api.core" : r.group}.${r.version}.${r.kind}`;
}

/** Returns the OpenAPI v3 document of one group/version, or undefined when it is not served. */
export function openApiV3Document(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const resources = registry.all().filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const write = ["dryRun", "fieldManager", "fieldValidation"];
  for (const r of resources) {
    const base = `/${gvPrefix(group, version)}${r.namespaced ? "/namespaces/{namespace}" : ""}/${r.plural}`;
    paths[base] = { get: operation(r, "list", ["labelSelector", "fieldSelector", "watch"]), post: operation(r, "post", write), delete: operation(r, "deletecollection", ["labelSelector"]) };
    paths[`${base}/{name}`] = {
      get: operation(r, "get", []),
      put: operation(r, "put", write),
      patch: operation(r, "patch", [...write, "force"]),
      delete: operation(r, "delete", ["dryRun"]),
    };
    schemas[schemaName(r)] = { type: "object", "x-kubernetes-preserve-unknown-fields": true, "x-kubernetes-group-version-kind": [{ group: r.group, version: r.version, kind: r.kind }] };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.0" }, paths, components: { schemas } };
}

/** Returns the `/openapi/v3` root listing each group/version document with a content hash. */
export function openApiV3Root(registry: ResourceRegistry): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [group, versions] of registry.groups()) {
    for (const version of versions) {
      const hash = createHash("sha512").update(JSON.stringify(openApiV3Document(registry, group, version))).digest("hex").slice(0, 128).toUpperCase();
      paths[gvPrefix(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPrefix(group, version)}?hash=${hash}` };
    }
  }
  return { paths };
}

/** Returns a Swagger 2.0 document covering every served resource (for clients that still read `/openapi/v2`). */
export function openApiV2Document(registry: ResourceRegistry): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const definitions: Record<string, unknown> = {};
  for (const [group, versions] of registry.groups()) {
    for (const version of versions) {
      const doc = openApiV3Document(registry, group, version);
      Object.assign(paths, doc?.paths);
      for (const r of registry.all().filter((x) => x.group === group && x.version === version)) {
        definitions[schemaName(r)] = { type: "object", "x-kubernetes-group-version-kind": [{ group: r.group, version: r.version, kind: r.kind }] };
      }
    }
  }
  return { swagger: "2.0", info: { title: "Kubernetes", version: "v1.32.0" }, paths, definitions };
}

/** Returns the `apiVersion` served at a v3 document path such as `apis/apps/v1`. */
export function parseOpenApiPath(path: string): { group: string; version: string } | undefined {
  const core = /^api\/([^/]+)$/.exec(path);
  if (core) return { group: "", version: core[1] ?? "" };
  const named = /^apis\/([^/]+)\/([^/]+)$/.exec(path);
  return named ? { group: named[1] ?? "", version: named[2] ?? "" } : undefined;
}
