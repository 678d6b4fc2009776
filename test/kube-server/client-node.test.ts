/**
 * The library Ferry's cluster adapter is built on (@kubernetes/client-node)
 * works against the test server with the kubeconfig it writes: TLS with the
 * test CA, bearer token, discovery-driven server-side apply, reads and lists.
 */
import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";

let server: KubeTestServer;
let client: KubernetesObjectApi;

beforeEach(async () => {
  server = await KubeTestServer.start();
  const config = new KubeConfig();
  config.loadFromString(server.kubeconfigYaml());
  client = KubernetesObjectApi.makeApiClient(config);
});

afterEach(async () => {
  await server.stop();
});

const deployment: KubernetesObject & Record<string, unknown> = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", labels: { app: "web" } },
  spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } } },
};

describe("@kubernetes/client-node", () => {
  it("applies server-side, then reads and lists the object", async () => {
    const applied = await client.patch(deployment, undefined, undefined, "ferry", true, PatchStrategy.ServerSideApply);

    const read = await client.read({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" } });
    const list = await client.list("apps/v1", "Deployment", "default", undefined, undefined, undefined, undefined, "app=web");

    expect(applied.metadata?.managedFields?.[0]?.manager).toBe("ferry");
    expect(read.metadata?.uid).toBe(applied.metadata?.uid);
    expect(list.items.map((i) => i.metadata?.name)).toEqual(["web"]);
  });

  it("surfaces a dry-run conflict as a 409 with the server's message", async () => {
    const withReplicas = (replicas: number) => ({ ...deployment, spec: { ...(deployment.spec as object), replicas } });
    await client.patch(withReplicas(2), undefined, undefined, "ferry", true, PatchStrategy.ServerSideApply);
    await client.patch(withReplicas(3), undefined, undefined, "hpa", true, PatchStrategy.ServerSideApply);

    const error = await client.patch(withReplicas(2), undefined, "All", "ferry", false, PatchStrategy.ServerSideApply).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 409 });
    expect(String((error as { body?: unknown }).body)).toContain('Apply failed with 1 conflict: conflict with \\"hpa\\": .spec.replicas');
  });
});
