/**
 * How the engine stand-ins write to a KubeTestServer: over its HTTP API with its token
 * and CA, as a controller in the cluster would, so every write goes through the same
 * path (managed fields, resourceVersion, status subresource) as Ferry's.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { KubeTestServer } from "./kube-test-server.ts";

const TIMEOUT_MS = 10_000;

/** Sends a JSON merge patch as `manager` and resolves with the HTTP status. */
export function sendMergePatch(server: KubeTestServer, params: { path: string; patch: unknown; manager: string }): Promise<number> {
  return sendPatch(server, { ...params, contentType: "application/merge-patch+json" });
}

/** Server-side applies `object` at `path` as `manager` (forced) and resolves with the HTTP status. */
export function sendApply(server: KubeTestServer, params: { path: string; object: unknown; manager: string }): Promise<number> {
  return sendPatch(server, { path: params.path, patch: params.object, manager: params.manager, contentType: "application/apply-patch+yaml", force: true });
}

function sendPatch(server: KubeTestServer, params: { path: string; patch: unknown; manager: string; contentType: string; force?: boolean }): Promise<number> {
  const url = new URL(`${server.url}${params.path}?fieldManager=${encodeURIComponent(params.manager)}${params.force ? "&force=true" : ""}`);
  const body = JSON.stringify(params.patch);
  const tls = url.protocol === "https:";
  return new Promise((resolve, reject) => {
    const req = (tls ? httpsRequest : httpRequest)(url, {
      method: "PATCH",
      timeout: TIMEOUT_MS,
      headers: { "Content-Type": params.contentType, "Content-Length": String(Buffer.byteLength(body)), Authorization: `Bearer ${server.token}`, "User-Agent": `${params.manager}/stand-in` },
      ...(tls && { ca: server.caCertificate() }),
    }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Returns the URL path of a namespaced custom object (and optional subresource). */
export function customObjectPath(params: { apiVersion: string; plural: string; namespace: string; name: string; subresource?: string }): string {
  return `/apis/${params.apiVersion}/namespaces/${params.namespace}/${params.plural}/${params.name}${params.subresource ? `/${params.subresource}` : ""}`;
}
