import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timedFetch } from "../../../src/adapters/github/ferry-octokit.ts";

/**
 * @octokit/request 10 ignores a `request.timeout` option: the only deadline an Octokit
 * call gets is the one its fetch carries. The dashboard's user-token clients and the
 * sign-in's user read go through timedFetch, so a GitHub that accepts and never answers
 * ends the call instead of holding the page for ever.
 */
describe("timedFetch", () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = createServer(() => undefined); // accepts every request and never answers
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("ends an Octokit call to a server that never answers", async () => {
    const octokit = new Octokit({ baseUrl, request: { fetch: timedFetch(200, globalThis.fetch) }, log: { debug() {}, info() {}, warn() {}, error() {} } });

    await expect(octokit.rest.users.getAuthenticated()).rejects.toThrow(/abort|timeout/i);
  });

  it("keeps a caller's own signal", async () => {
    const controller = new AbortController();
    const call = timedFetch(60_000, globalThis.fetch)(`${baseUrl}/user`, { signal: controller.signal });
    controller.abort();

    await expect(call).rejects.toThrow(/abort/i);
  });
});
