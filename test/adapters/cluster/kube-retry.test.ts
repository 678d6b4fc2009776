import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KUBE_ATTEMPTS, KubeHttp, retryWaitMs } from "../../../src/adapters/cluster/kube-http.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";

describe("retryWaitMs", () => {
  it.each([
    { name: "waits the Retry-After of a 429", method: "PATCH", status: 429, retryAfter: "2", attempt: 1, expected: 2000 },
    { name: "waits 1 s on a 429 that names no wait", method: "GET", status: 429, retryAfter: undefined, attempt: 1, expected: 1000 },
    { name: "retries a 429 even for POST: the server did not carry it out", method: "POST", status: 429, retryAfter: "0", attempt: 1, expected: 0 },
    { name: "waits the Retry-After of a 503 for an idempotent method", method: "PATCH", status: 503, retryAfter: "1", attempt: 2, expected: 1000 },
    { name: "never repeats a POST after a 5xx: the create may have happened", method: "POST", status: 503, retryAfter: "1", attempt: 1, expected: undefined },
    { name: "returns a 500 without Retry-After as it is", method: "GET", status: 500, retryAfter: undefined, attempt: 1, expected: undefined },
    { name: "cuts a long Retry-After to 10 s", method: "GET", status: 429, retryAfter: "3600", attempt: 1, expected: 10_000 },
    { name: "reads a Retry-After that is not a number of seconds as none", method: "GET", status: 429, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT", attempt: 1, expected: 1000 },
    { name: "gives up when the attempts are spent", method: "GET", status: 429, retryAfter: "0", attempt: KUBE_ATTEMPTS, expected: undefined },
    { name: "leaves 4xx other than 429 alone", method: "PATCH", status: 409, retryAfter: "1", attempt: 1, expected: undefined },
  ])("$name", ({ method, status, retryAfter, attempt, expected }) => {
    expect(retryWaitMs(method, { status, retryAfter }, attempt)).toBe(expected);
  });
});

describe("KubeHttp against a loaded test API server", () => {
  let server: KubeTestServer;
  let http: KubeHttp;
  beforeAll(async () => {
    server = await KubeTestServer.start({ tls: false });
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.clearFaults();
    http?.close();
    http = new KubeHttp({ name: "loaded", server: server.url, tls: {}, authHeaders: async () => ({}) });
  });

  it.each([
    { name: "answers after two 429s", method: "GET", answer: { status: 429, retryAfterSeconds: 0 }, times: 2, status: 200, requests: 3 },
    { name: "answers after a 503 with Retry-After", method: "GET", answer: { status: 503, retryAfterSeconds: 0 }, times: 1, status: 200, requests: 2 },
    { name: "returns the 429 once the attempts are spent", method: "GET", answer: { status: 429, retryAfterSeconds: 0 }, times: 100, status: 429, requests: KUBE_ATTEMPTS },
    { name: "returns a POST's 503 at once", method: "POST", answer: { status: 503, retryAfterSeconds: 0 }, times: 1, status: 503, requests: 1 },
  ])("$name", async ({ method, answer, times, status, requests }) => {
    server.injectFault({ method, path: "/api/v1/namespaces", answer, times });

    const body = method === "POST" ? JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "made" } }) : undefined;
    const res = await http.send({ method, path: method === "POST" ? "/api/v1/namespaces" : "/api/v1/namespaces/default", ...(body !== undefined && { body }), operation: "test" });

    expect({ status: res.status, requests: http.requests }).toEqual({ status, requests });
  });
});
