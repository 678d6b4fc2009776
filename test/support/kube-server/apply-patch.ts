/**
 * Server-side apply (`application/apply-patch+yaml`): merges the applied
 * configuration onto the live object, removes fields the manager stopped
 * applying that nobody else owns, and records ownership — answering 409 with
 * the conflicting fields and managers unless `force` is set.
 */
import { difference, emptySet, union } from "./field-set.ts";
import { applyConflict, ignoredOnMain, readManagers, recordApply } from "./managed-fields.ts";
import { clone, isObject, mergeApplied, removePaths, toFieldSet, type Json } from "./object-fields.ts";
import { groupVersion, type ApiResource } from "./resource-registry.ts";
import { badRequest, KubeStatusError } from "./status-error.ts";
import type { WriteRequest } from "./cluster-state.ts";
import { timestamp } from "./cluster-state.ts";

/** Checks that a request body names the object the URL names (kind, apiVersion, name, namespace); throws 400 otherwise. */
export function checkIdentity(body: Json, params: { resource: ApiResource; namespace: string; name?: string }): void {
  const expected = groupVersion(params.resource.group, params.resource.version);
  if (typeof body.kind !== "string" || body.kind === "") throw badRequest("Object 'Kind' is missing in the request body");
  if (body.apiVersion !== expected) throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`);
  if (body.kind !== params.resource.kind) throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${params.resource.kind})`);
  const meta = isObject(body.metadata) ? body.metadata : {};
  if (params.name !== undefined && meta.name !== undefined && meta.name !== params.name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${params.name})`);
  if (params.resource.namespaced && meta.namespace !== undefined && meta.namespace !== params.namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
}

/** Returns the write request for applying `config` (which it takes over and changes) as `manager`; throws 409 on ownership conflicts unless `force`. */
export function buildApply(params: { resource: ApiResource; namespace: string; name: string; live: Json | undefined; config: Json; manager: string; force: boolean; dryRun: boolean }): WriteRequest {
  const { resource, live } = params;
  if (!params.manager) {
    throw new KubeStatusError({ code: 422, reason: "Invalid", message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', details: { group: "meta.k8s.io", kind: "PatchOptions", causes: [{ reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager" }] } });
  }
  checkIdentity(params.config, params);
  // The configuration is the request's freshly parsed body: taken over, not copied.
  const config = params.config;
  const configMeta: Json = isObject(config.metadata) ? config.metadata : {};
  config.metadata = configMeta;
  const liveMeta = (live?.metadata ?? {}) as Json;
  if (configMeta.resourceVersion !== undefined && live && configMeta.resourceVersion !== liveMeta.resourceVersion) {
    throw new KubeStatusError({ code: 409, reason: "Conflict", message: `Operation cannot be fulfilled on ${resource.plural}: the object has been modified; please apply your changes to the latest version and try again` });
  }
  // Status goes through the status subresource; the main resource ignores it, as do the server-owned metadata fields.
  delete config.status;
  for (const key of ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"]) delete configMeta[key];
  const applied = toFieldSet(config, ignoredOnMain);
  const managers = readManagers(live ?? {});
  const base: Json = live ? clone(live) : { apiVersion: config.apiVersion, kind: config.kind, metadata: { name: params.name } };
  delete (base.metadata as Json).managedFields;
  const merged = mergeApplied(base, config) as Json;
  const previous = managers.find((m) => m.manager === params.manager && m.operation === "Apply" && !m.subresource);
  if (previous) {
    const others = managers.filter((m) => m !== previous).reduce((acc, m) => union(acc, m.set), emptySet());
    removePaths(merged, difference(difference(previous.set, applied), others));
  }
  const before = base;
  const time = timestamp();
  const result = recordApply({ managers, before, after: merged, applied, manager: params.manager, apiVersion: String(config.apiVersion), force: params.force, time });
  if (result.conflicts.length > 0) throw applyConflict(result.conflicts);
  // `merged` shares nothing with the stored object (built on a copy of it), so the
  // commit fills in defaults without copying it again.
  return { resource, namespace: params.namespace, before: live, after: merged, owned: true, managers: () => result.managers, dryRun: params.dryRun };
}
