/**
 * A minimal JSON client for direct HTTP tests of the Kubernetes test server
 * (plain HTTP mode, so Node's fetch needs no CA).
 */
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";

/** A response: status code and parsed JSON body. */
export interface ApiResponse {
  status: number;
  // Bodies are navigated freely in assertions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A server plus a request helper. */
export interface ApiHarness {
  server: KubeTestServer;
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
  apply(path: string, config: unknown, query?: string): Promise<ApiResponse>;
}

/** Starts a plain-HTTP test server and returns the harness. */
export async function startApi(): Promise<ApiHarness> {
  const server = await KubeTestServer.start({ tls: false });
  const request = async (method: string, path: string, body?: unknown, contentType = "application/json"): Promise<ApiResponse> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { "Content-Type": contentType, "User-Agent": "ferry-test/1.0" },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };
  return {
    server,
    request,
    apply: (path, config, query = "fieldManager=ferry") => request("PATCH", `${path}?${query}`, config, "application/apply-patch+yaml"),
  };
}
