/**
 * Watch streams (`?watch=true`): newline-delimited `{"type","object"}` events
 * over a chunked response, replayed from the requested resourceVersion (or
 * starting with synthetic ADDED events when none is given), filtered by
 * namespace and selectors, ended by `timeoutSeconds` or the server stopping.
 */
import type { ServerResponse } from "node:http";
import type { ClusterState } from "./cluster-state.ts";
import { storageKey, type StoreEvent } from "./object-store.ts";
import type { Json } from "./object-fields.ts";
import type { ApiResource } from "./resource-registry.ts";
import { parseFieldSelector, parseLabelSelector } from "./selectors.ts";

/** Streams watch events for a resource to `res`; returns a function that ends the stream. */
export function startWatch(params: { state: ClusterState; resource: ApiResource; namespace: string; query: URLSearchParams; res: ServerResponse }): () => void {
  const { state, resource, namespace, query, res } = params;
  const key = storageKey(resource.group, resource.plural);
  const labels = parseLabelSelector(query.get("labelSelector"));
  const fields = parseFieldSelector(query.get("fieldSelector"));
  const matches = (e: { resource: string; namespace: string; object: Json }): boolean =>
    e.resource === key && (!resource.namespaced || !namespace || e.namespace === namespace) && labels(e.object) && fields(e.object);
  const send = (type: string, object: Json): void => {
    res.write(`${JSON.stringify({ type, object: state.present(resource, object) })}\n`);
  };
  res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
  // Clients wait for the response headers before they consider the watch started.
  res.flushHeaders();
  const since = query.get("resourceVersion");
  if (!since || since === "0") {
    for (const object of state.store.list(key, resource.namespaced && namespace ? namespace : undefined)) if (labels(object) && fields(object)) send("ADDED", object);
  } else {
    const events = state.store.eventsSince(Number(since));
    if (!events) {
      send("ERROR", { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `too old resource version: ${since}`, reason: "Expired", code: 410 });
      res.end();
      return () => undefined;
    }
    for (const e of events) if (matches(e)) send(e.type, e.object);
  }
  const unsubscribe = state.store.subscribe((e: StoreEvent) => {
    if (matches(e)) send(e.type, e.object);
  });
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearTimeout(timer);
    res.end();
  };
  const timeout = Number(query.get("timeoutSeconds") ?? 1800);
  const timer = setTimeout(end, timeout * 1000);
  timer.unref();
  res.on("close", end);
  return end;
}
