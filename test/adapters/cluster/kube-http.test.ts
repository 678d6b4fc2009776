import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeHttp } from "../../../src/adapters/cluster/kube-http.ts";

// A server that answers every request with what it received.
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(req.url?.includes("/missing") ? 404 : 200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ url: req.url, method: req.method, body: Buffer.concat(chunks).toString(), type: req.headers["content-type"] ?? "" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("KubeHttp", () => {
  it.each([
    { name: "sends the path as given", base: "", path: "/api/v1/namespaces/a/configmaps", query: {}, url: "/api/v1/namespaces/a/configmaps" },
    { name: "keeps the server address's own path (a proxy prefix)", base: "/k8s/clusters/c-1/", path: "/api/v1", query: {}, url: "/k8s/clusters/c-1/api/v1" },
    { name: "encodes query values and leaves out undefined ones", base: "", path: "/api/v1/pods", query: { labelSelector: "app=web,tier in (a b)", dryRun: undefined, limit: "500" }, url: "/api/v1/pods?labelSelector=app%3Dweb%2Ctier%20in%20(a%20b)&limit=500" },
  ])("$name", async ({ base, path, query, url }) => {
    const http = new KubeHttp({ name: "test", server: `${origin}${base}`, tls: {}, authHeaders: async () => ({}) });

    const res = await http.send({ method: "GET", path, query, operation: "get" });

    expect((res.body as { url: string }).url).toBe(url);
    http.close();
  });

  it.each([
    { name: "leaves a success's body unparsed when asked to", path: "/api/v1/namespaces/a/configmaps/b", expected: { status: 200, body: undefined } },
    { name: "still parses an error's body, which says what went wrong", path: "/api/v1/namespaces/a/configmaps/missing", expected: { status: 404, body: { url: "/api/v1/namespaces/a/configmaps/missing", method: "GET", body: "", type: "" } } },
  ])("$name", async ({ path, expected }) => {
    const http = new KubeHttp({ name: "test", server: origin, tls: {}, authHeaders: async () => ({}) });

    const res = await http.send({ method: "GET", path, operation: "get", successBody: false });

    expect(res).toEqual(expected);
    http.close();
  });

  it("sends a body with its content type and length in the same request", async () => {
    const http = new KubeHttp({ name: "test", server: origin, tls: {}, authHeaders: async () => ({}) });

    const res = await http.send({ method: "PATCH", path: "/api/v1/namespaces/a/configmaps/b", body: '{"kind":"ConfigMap"}', contentType: "application/apply-patch+yaml", operation: "apply" });

    expect(res).toEqual({ status: 200, body: { url: "/api/v1/namespaces/a/configmaps/b", method: "PATCH", body: '{"kind":"ConfigMap"}', type: "application/apply-patch+yaml" } });
    http.close();
  });
});
