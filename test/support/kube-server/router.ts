/**
 * HTTP routing for the test API server: bearer-token auth, discovery and
 * OpenAPI documents, then `/api/v1/...` and `/apis/{group}/{version}/...`
 * resource paths dispatched to the object handlers. Every request is logged
 * (method and path) for tests and benchmarks that count requests.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClusterState } from "./cluster-state.ts";
import { coreVersions, groupDocument, groupList, resourceList, versionInfo } from "./discovery.ts";
import { createObject, deleteCollection, deleteObject, getObject, listObjects, patchObject, replaceObject, type ObjectRequest } from "./object-handlers.ts";
import type { Json } from "./object-fields.ts";
import { openApiV2Document, openApiV3Document, openApiV3Root, parseOpenApiPath } from "./openapi.ts";
import { groupVersion } from "./resource-registry.ts";
import { KubeStatusError } from "./status-error.ts";
import { answerWithFault, delay, takeKubeFault, type KubeFault } from "./faults.ts";
import { toTable } from "./table.ts";
import { startWatch } from "./watch-stream.ts";

/** One logged request. */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
}

/** What the router needs from the server that owns it. */
export interface RouterContext {
  state: ClusterState;
  /** The bearer token required, or undefined to accept every request (plain HTTP). */
  token: string | undefined;
  serverAddress: () => string;
  log: RequestLogEntry[];
  watches: Set<() => void>;
  /** Injected faults, checked in order. */
  faults: KubeFault[];
  /** Milliseconds every request waits before it is handled (simulated network latency). */
  latencyMs: () => number;
}

const NOT_FOUND = new KubeStatusError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: {} });

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function discovery(ctx: RouterContext, path: string): unknown {
  const { registry } = ctx.state;
  if (path === "/version") return versionInfo();
  if (path === "/healthz" || path === "/readyz" || path === "/livez") return "ok";
  if (path === "/api") return coreVersions(ctx.serverAddress());
  if (path === "/apis") return groupList(registry);
  if (path === "/api/v1") return resourceList(registry, "", "v1");
  if (path === "/openapi/v2") return openApiV2Document(registry);
  if (path === "/openapi/v3") return openApiV3Root(registry);
  if (path.startsWith("/openapi/v3/")) {
    const gv = parseOpenApiPath(path.slice("/openapi/v3/".length));
    return gv ? openApiV3Document(registry, gv.group, gv.version) : undefined;
  }
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group) return groupDocument(registry, group[1] ?? "");
  const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (gv) return resourceList(registry, gv[1] ?? "", gv[2] ?? "");
  return undefined;
}

function resourceRequest(ctx: RouterContext, path: string, req: IncomingMessage, body: Buffer, query: URLSearchParams): ObjectRequest | undefined {
  const match = /^\/api\/(v1)\/(.+)$/.exec(path) ?? /^\/apis\/([^/]+\/[^/]+)\/(.+)$/.exec(path);
  if (!match) return undefined;
  const gvText = match[1] ?? "";
  const [group, version] = gvText.includes("/") ? (gvText.split("/") as [string, string]) : ["", gvText];
  let segments = (match[2] ?? "").split("/").map(decodeURIComponent);
  let namespace = "";
  if (segments[0] === "namespaces" && segments.length >= 3) {
    const nested = ctx.state.registry.byPlural(group, version, segments[2] ?? "");
    if (nested?.namespaced) {
      namespace = segments[1] ?? "";
      segments = segments.slice(2);
    }
  }
  const [plural = "", name, subresource] = segments;
  const resource = ctx.state.registry.byPlural(group, version, plural);
  if (!resource || segments.length > 3 || (subresource && !resource.subresources.includes(subresource))) return undefined;
  return {
    state: ctx.state,
    resource,
    namespace,
    ...(name ? { name } : {}),
    ...(subresource ? { subresource } : {}),
    query,
    body,
    contentType: String(req.headers["content-type"] ?? "application/json"),
    userAgent: String(req.headers["user-agent"] ?? ""),
  };
}

function dispatch(method: string, r: ObjectRequest): { code: number; body: Json } {
  switch (method) {
    case "GET":
      return { code: 200, body: r.name ? getObject(r) : listObjects(r) };
    case "POST":
      if (r.name) throw NOT_FOUND;
      return { code: 201, body: createObject(r) };
    case "PUT":
      return { code: 200, body: replaceObject(r) };
    case "PATCH": {
      const existed = r.name !== undefined && r.state.get(r.resource, r.namespace, r.name) !== undefined;
      return { code: existed || r.subresource ? 200 : 201, body: patchObject(r) };
    }
    case "DELETE":
      return { code: 200, body: r.name ? deleteObject(r) : deleteCollection(r) };
    default:
      throw new KubeStatusError({ code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource" });
  }
}

/** Returns the request handler of a test API server. */
export function createRouter(ctx: RouterContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const method = req.method ?? "GET";
      ctx.log.push({ method, path: url.pathname, query: url.search });
      const body = await readBody(req);
      // Requests wait concurrently: many clients in flight overlap their latency, as on a network.
      await delay(ctx.latencyMs());
      const fault = takeKubeFault(ctx.faults, method, url.pathname);
      if (fault) return answerWithFault(res, fault);
      try {
        if (ctx.token !== undefined && req.headers.authorization !== `Bearer ${ctx.token}`) {
          throw new KubeStatusError({ code: 401, reason: "Unauthorized", message: "Unauthorized" });
        }
        const path = url.pathname.replace(/\/+$/, "") || "/";
        const doc = method === "GET" ? discovery(ctx, path) : undefined;
        if (doc !== undefined) return send(res, 200, doc);
        const r = resourceRequest(ctx, path, req, body, url.searchParams);
        if (!r) throw NOT_FOUND;
        if (method === "GET" && !r.name && ["true", "1"].includes(url.searchParams.get("watch") ?? "")) {
          const end = startWatch({ state: r.state, resource: r.resource, namespace: r.namespace, query: r.query, res });
          ctx.watches.add(end);
          res.on("close", () => ctx.watches.delete(end));
          return;
        }
        const result = dispatch(method, r);
        const accept = String(req.headers.accept ?? "");
        if (method === "GET" && accept.includes("as=Table") && !r.subresource) {
          return send(res, 200, toTable(result.body, groupVersion(r.resource.group, r.resource.version), r.resource.kind));
        }
        send(res, result.code, result.body);
      } catch (error) {
        if (error instanceof KubeStatusError) return send(res, error.code, error.toStatus());
        const internal = new KubeStatusError({ code: 500, reason: "InternalError", message: `internal error: ${(error as Error).message}` });
        send(res, 500, internal.toStatus());
      }
    })();
  };
}
