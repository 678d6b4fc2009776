/**
 * The verbs on objects: get, list, create, update (PUT), patch (apply, merge,
 * strategic, JSON), delete and deletecollection — plus the `scale` and `status`
 * subresources. Each builds a write request and hands it to the cluster state.
 */
import { parse as parseYaml } from "yaml";
import { buildApply, checkIdentity } from "./apply-patch.ts";
import { timestamp, type ClusterState } from "./cluster-state.ts";
import { readManagers, recordUpdate } from "./managed-fields.ts";
import { storageKey } from "./object-store.ts";
import { clone, isObject, type Json } from "./object-fields.ts";
import { applyJsonPatch, applyMergePatch, strategicMerge } from "./patches.ts";
import { groupVersion, type ApiResource } from "./resource-registry.ts";
import { decodeProtobufBody } from "./protobuf-body.ts";
import { parseFieldSelector, parseLabelSelector } from "./selectors.ts";
import { alreadyExists, badRequest, KubeStatusError, notFound, staleConflict } from "./status-error.ts";

/** A parsed request for one resource. */
export interface ObjectRequest {
  state: ClusterState;
  resource: ApiResource;
  /** The namespace in the URL; "" for cluster-scoped resources or lists across namespaces. */
  namespace: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  body: Buffer;
  contentType: string;
  userAgent: string;
}

function parseBody(req: ObjectRequest): unknown {
  if (req.contentType.includes("protobuf")) return decodeProtobufBody(req.body);
  const text = req.body.toString("utf8");
  try {
    // Apply bodies are YAML, but clients mostly send JSON, which parses much faster as JSON.
    if (!req.contentType.includes("yaml")) return JSON.parse(text);
    if (/^\s*[{[]/.test(text)) {
      try {
        return JSON.parse(text);
      } catch {
        // YAML flow style: parsed below
      }
    }
    return parseYaml(text);
  } catch (error) {
    throw badRequest(`error decoding request body: ${(error as Error).message.split("\n")[0] ?? ""}`);
  }
}

function parseObject(req: ObjectRequest): Json {
  const body = parseBody(req);
  if (!isObject(body)) throw badRequest("the request body must be a JSON or YAML object");
  return body;
}

function manager(req: ObjectRequest): string {
  return req.query.get("fieldManager") ?? (req.userAgent.split("/")[0] || "unknown");
}

function isDryRun(req: ObjectRequest): boolean {
  return req.query.getAll("dryRun").includes("All");
}

function requireName(req: ObjectRequest): string {
  if (!req.name) throw new KubeStatusError({ code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource" });
  return req.name;
}

function mustGet(req: ObjectRequest): Json {
  const name = requireName(req);
  const found = req.state.get(req.resource, req.namespace, name);
  if (!found) throw notFound({ plural: req.resource.plural, group: req.resource.group, name });
  return found;
}

function requireNamespace(req: ObjectRequest, name: string): void {
  if (!req.resource.namespaced) return;
  const namespaces = req.state.registry.byPlural("", "v1", "namespaces");
  const namespace = namespaces ? req.state.get(namespaces, "", req.namespace) : undefined;
  if (namespaces && !namespace) throw notFound({ plural: "namespaces", group: "", name: req.namespace });
  if ((namespace?.metadata as Json | undefined)?.deletionTimestamp) {
    throw new KubeStatusError({ code: 403, reason: "Forbidden", message: `${req.resource.plural} "${name}" is forbidden: unable to create new content in namespace ${req.namespace} because it is being terminated`, details: { name, kind: req.resource.plural } });
  }
}

function scaleOf(req: ObjectRequest, o: Json): Json {
  const meta = o.metadata as Json;
  const spec = isObject(o.spec) ? o.spec : {};
  const status = isObject(o.status) ? o.status : {};
  const matchLabels = isObject(spec.selector) && isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector: Object.entries(matchLabels).map(([k, v]) => `${k}=${String(v)}`).join(",") },
  };
}

/** Answers GET on an object (or its scale/status subresource). */
export function getObject(req: ObjectRequest): Json {
  const found = mustGet(req);
  return req.subresource === "scale" ? scaleOf(req, found) : req.state.present(req.resource, found);
}

/** Answers a list, honouring label and field selectors and limit/continue paging. */
export function listObjects(req: ObjectRequest): Json {
  const labels = parseLabelSelector(req.query.get("labelSelector"));
  const fields = parseFieldSelector(req.query.get("fieldSelector"));
  const all = req.state.store.list(storageKey(req.resource.group, req.resource.plural), req.resource.namespaced && req.namespace ? req.namespace : undefined);
  const matching = all.filter((o) => labels(o) && fields(o));
  const limit = Number(req.query.get("limit") ?? 0);
  const start = req.query.get("continue") ? Number(JSON.parse(Buffer.from(req.query.get("continue") ?? "", "base64").toString()).start ?? 0) : 0;
  const page = limit > 0 ? matching.slice(start, start + limit) : matching.slice(start);
  const more = limit > 0 && start + limit < matching.length;
  const items = page.map((o) => {
    if (req.resource.custom) return req.state.present(req.resource, o);
    // Lists of built-in kinds carry no apiVersion/kind on their items, as the real server's typed lists.
    const item = { ...o };
    delete item.apiVersion;
    delete item.kind;
    return item;
  });
  const metadata: Json = { resourceVersion: String(req.state.store.currentVersion()) };
  if (more) {
    metadata.continue = Buffer.from(JSON.stringify({ start: start + limit })).toString("base64");
    metadata.remainingItemCount = matching.length - start - limit;
  }
  return { apiVersion: groupVersion(req.resource.group, req.resource.version), kind: `${req.resource.kind}List`, metadata, items };
}

/** Answers POST: creates an object; 409 when it exists. */
export function createObject(req: ObjectRequest): Json {
  const body = parseObject(req);
  checkIdentity(body, req);
  const meta = isObject(body.metadata) ? body.metadata : {};
  let name = typeof meta.name === "string" ? meta.name : "";
  if (!name && typeof meta.generateName === "string") name = `${meta.generateName}${Math.random().toString(36).slice(2, 7)}`;
  body.metadata = { ...meta, ...(name ? { name } : {}) };
  if (name && req.state.get(req.resource, req.namespace, name)) throw alreadyExists({ plural: req.resource.plural, group: req.resource.group, name });
  requireNamespace(req, name);
  const time = timestamp();
  const apiVersion = groupVersion(req.resource.group, req.resource.version);
  return req.state.commit({
    resource: req.resource,
    namespace: req.namespace,
    before: undefined,
    after: body,
    dryRun: isDryRun(req),
    managers: (o) => recordUpdate({ managers: [], before: {}, after: o, manager: manager(req), apiVersion, time }),
  });
}

function update(req: ObjectRequest, before: Json, after: Json, subresource?: string): Json {
  const time = timestamp();
  const apiVersion = groupVersion(req.resource.group, req.resource.version);
  return req.state.commit({
    resource: req.resource,
    namespace: req.namespace,
    before,
    after,
    dryRun: isDryRun(req),
    ...(subresource === "status" ? { subresource } : {}),
    managers: (o) => recordUpdate({ managers: readManagers(before), before, after: o, manager: manager(req), apiVersion, time, ...(subresource ? { subresource } : {}) }),
  });
}

function withReplicas(before: Json, scale: Json): Json {
  const replicas = isObject(scale.spec) ? scale.spec.replicas : undefined;
  return { ...before, spec: { ...(isObject(before.spec) ? before.spec : {}), replicas } };
}

/** Answers PUT: replaces an object (409 on a stale resourceVersion), its status or its scale. */
export function replaceObject(req: ObjectRequest): Json {
  const before = mustGet(req);
  const body = parseObject(req);
  const version = isObject(body.metadata) ? body.metadata.resourceVersion : undefined;
  if (version !== undefined && version !== "" && version !== (before.metadata as Json).resourceVersion) throw staleConflict({ plural: req.resource.plural, group: req.resource.group, name: requireName(req) });
  if (req.subresource === "scale") return scaleOf(req, update(req, before, withReplicas(before, body), "scale"));
  checkIdentity(body, req);
  return req.state.present(req.resource, update(req, before, body, req.subresource));
}

function patched(req: ObjectRequest, target: Json): Json {
  const type = req.contentType.split(";")[0]?.trim();
  const body = parseBody(req);
  if (type === "application/json-patch+json") return applyJsonPatch(target, body);
  if (type === "application/merge-patch+json") return applyMergePatch(target, body) as Json;
  if (type === "application/strategic-merge-patch+json") {
    if (req.resource.custom) throw new KubeStatusError({ code: 415, reason: "UnsupportedMediaType", message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml` });
    return strategicMerge(target, body) as Json;
  }
  throw new KubeStatusError({ code: 415, reason: "UnsupportedMediaType", message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json` });
}

/** Answers PATCH: server-side apply (creating when absent) or a merge, strategic or JSON patch. */
export function patchObject(req: ObjectRequest): Json {
  const name = requireName(req);
  const isApply = req.contentType.startsWith("application/apply-patch");
  const force = req.query.get("force") === "true";
  if (force && !isApply) throw new KubeStatusError({ code: 422, reason: "Invalid", message: "force: Forbidden: may not be specified for non-apply patch" });
  if (isApply && !req.subresource) {
    const live = req.state.get(req.resource, req.namespace, name);
    if (!live) requireNamespace(req, name);
    const write = buildApply({ resource: req.resource, namespace: req.namespace, name, live, config: parseObject(req), manager: req.query.get("fieldManager") ?? "", force, dryRun: isDryRun(req) });
    return req.state.present(req.resource, req.state.commit(write));
  }
  const before = mustGet(req);
  if (req.subresource === "scale") return scaleOf(req, update(req, before, withReplicas(before, patched(req, scaleOf(req, before))), "scale"));
  const target = clone(before);
  delete (target.metadata as Json).managedFields;
  const after = isApply ? applyMergePatch(target, parseObject(req)) as Json : patched(req, target);
  return req.state.present(req.resource, update(req, before, after, req.subresource));
}

function deleteContents(req: ObjectRequest, o: Json): void {
  const state = req.state;
  if (req.resource.kind === "Namespace") {
    const namespace = String((o.metadata as Json).name);
    for (const resource of state.store.resourcesIn(namespace)) {
      for (const item of state.store.list(resource, namespace)) state.store.delete(resource, namespace, String((item.metadata as Json).name));
    }
  }
  if (req.resource.kind === "CustomResourceDefinition") {
    const spec = isObject(o.spec) ? o.spec : {};
    const plural = String(isObject(spec.names) ? spec.names.plural : "");
    const key = storageKey(String(spec.group), plural);
    for (const item of state.store.list(key)) state.store.delete(key, String((item.metadata as Json).namespace ?? ""), String((item.metadata as Json).name));
    state.controllers.unserveCrd(o);
  }
}

/** Marks a Namespace Terminating and removes it with its objects later, as the namespace controller does. */
function terminate(req: ObjectRequest, namespace: Json, remove: () => void): void {
  const state = req.state;
  const terminating = { ...namespace, metadata: { ...(namespace.metadata as Json), deletionTimestamp: timestamp(), resourceVersion: String(state.store.nextVersion()) }, status: { phase: "Terminating" } };
  state.store.put(storageKey("", "namespaces"), "", String((namespace.metadata as Json).name), terminating);
  state.controllers.later(state.settings.namespaceDeleteDelayMs, remove);
}

/** Answers DELETE on an object: deletes it (a Namespace with its objects, a CRD with its resources); returns a Success Status. */
export function deleteObject(req: ObjectRequest): Json {
  const found = mustGet(req);
  const meta = found.metadata as Json;
  const body = req.body.length > 0 ? parseObject(req) : {};
  const preconditions = isObject(body.preconditions) ? body.preconditions : {};
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== meta.resourceVersion) throw staleConflict({ plural: req.resource.plural, group: req.resource.group, name: String(meta.name) });
  if (preconditions.uid !== undefined && preconditions.uid !== meta.uid) throw staleConflict({ plural: req.resource.plural, group: req.resource.group, name: String(meta.name) });
  const remove = (): void => {
    deleteContents(req, found);
    req.state.store.delete(storageKey(req.resource.group, req.resource.plural), req.resource.namespaced ? req.namespace : "", String(meta.name));
  };
  if (isDryRun(req)) {
    // nothing changes
  } else if (req.resource.kind === "Namespace") {
    if (!meta.deletionTimestamp) terminate(req, found, remove);
  } else remove();
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name: meta.name, ...(req.resource.group ? { group: req.resource.group } : {}), kind: req.resource.plural, uid: meta.uid } };
}

/** Answers DELETE on a collection: deletes every object the selectors match; returns the deleted list. */
export function deleteCollection(req: ObjectRequest): Json {
  const list = listObjects(req);
  for (const item of list.items as Json[]) {
    const meta = item.metadata as Json;
    deleteObject({ ...req, namespace: String(meta.namespace ?? ""), name: String(meta.name), body: Buffer.alloc(0) });
  }
  return list;
}
