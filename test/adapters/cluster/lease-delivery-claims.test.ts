import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeHttp } from "../../../src/adapters/cluster/kube-http.ts";
import { LeaseDeliveryClaims, leaseName } from "../../../src/adapters/cluster/lease-delivery-claims.ts";
import { loadEndpoint } from "../../../src/adapters/cluster/load-clusters.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";

/** Delivery claims as Leases, against the Kubernetes test server: two replicas, one claim. */
describe("LeaseDeliveryClaims", () => {
  let server: KubeTestServer;
  let dir: string;
  let http: KubeHttp;
  const replica = (holder: string, ttlSeconds = 3600) => new LeaseDeliveryClaims({ http: async () => http, holder, leaseSeconds: 30, ttlSeconds });
  const path = (id: string) => `/apis/coordination.k8s.io/v1/namespaces/ferry-system/leases/${leaseName(id)}`;
  const read = async (id: string) => (await http.send({ method: "GET", path: path(id), operation: "test" })) as { status: number; body: { metadata: { annotations?: Record<string, string> }; spec: { holderIdentity?: string } } };

  beforeAll(async () => {
    server = await KubeTestServer.start();
    dir = mkdtempSync(join(tmpdir(), "ferry-claims-"));
    await server.writeKubeconfig(join(dir, "kubeconfig"));
    http = new KubeHttp(await loadEndpoint("home", { kubeconfig: join(dir, "kubeconfig") }), 4);
  });
  afterAll(async () => {
    http.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets one replica claim a delivery and tells the other it is a duplicate, while running and once done", async () => {
    const [a, b] = [replica("a"), replica("b")];

    const first = await Promise.all([a.claim("guid-1"), b.claim("guid-1")]);
    const running = await b.claim("guid-1");
    await (first[0] === "mine" ? a : b).finish("guid-1", true);
    const done = await a.claim("guid-1");

    expect(first.sort()).toEqual(["duplicate", "mine"]);
    expect([running, done]).toEqual(["duplicate", "duplicate"]);
    expect((await read("guid-1")).body.metadata.annotations?.["ferry.dev/delivery-state"]).toBe("done");
  });

  it("gives a failed delivery up, so a redelivery to another replica retries it", async () => {
    const [a, b] = [replica("a"), replica("b")];
    await a.claim("guid-2");

    await a.finish("guid-2", false);
    const retried = await b.claim("guid-2");

    expect(retried).toBe("mine");
    expect((await read("guid-2")).body.spec.holderIdentity).toBe("b");
  });

  it("takes over the claim of a replica that died while handling it (no renewal for a Lease duration)", async () => {
    const stale = new Date(Date.now() - 120_000).toISOString().replace("Z", "000Z");
    const dead = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: leaseName("guid-3"), namespace: "ferry-system", labels: { "ferry.dev/kind": "delivery-claim" }, annotations: { "ferry.dev/delivery-state": "running" } }, spec: { holderIdentity: "dead", leaseDurationSeconds: 30, acquireTime: stale, renewTime: stale } };
    await http.send({ method: "POST", path: "/apis/coordination.k8s.io/v1/namespaces/ferry-system/leases", body: JSON.stringify(dead), operation: "test" });

    const outcome = await replica("b").claim("guid-3");

    expect(outcome).toBe("mine");
    expect((await read("guid-3")).body.spec.holderIdentity).toBe("b");
  });

  it("deletes claims older than their TTL when it next claims", async () => {
    const old = replica("a", 1);
    await old.claim("guid-4");
    await old.finish("guid-4", true);
    await new Promise((done) => setTimeout(done, 1500));

    await replica("c", 1).claim("guid-5");
    // The clean-up runs after the claim returns; wait for it.
    for (let i = 0; i < 50 && (await read("guid-4")).status !== 404; i++) await new Promise((done) => setTimeout(done, 20));

    expect((await read("guid-4")).status).toBe(404);
  });
});
