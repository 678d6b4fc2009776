import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadClusters } from "../../../src/adapters/cluster/index.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";
import { applier, envFiles, sha } from "./cluster-test-kit.ts";

let server: KubeTestServer;
beforeAll(async () => {
  server = await KubeTestServer.start();
});
afterAll(async () => {
  await server.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

const credentials = () => ({ FERRY_CLUSTERS: JSON.stringify({ test: { kubeconfigContent: server.kubeconfigYaml() } }) });
const ACCESS = { connectTimeout: 5, responseTimeout: 30, concurrency: 16 };
const CRD = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: gadgets.acme.dev}\nspec:\n  group: acme.dev\n  scope: Namespaced\n  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n";
const GADGET = "apiVersion: acme.dev/v1\nkind: Gadget\nmetadata: {name: red}\nspec: {size: 1}\n";

describe("a connector's clients", () => {
  it.each([
    { name: "are one per cluster and settings while they are fresh", second: ACCESS, same: true },
    { name: "are separate for different settings (timeouts, concurrency)", second: { ...ACCESS, concurrency: 4 }, same: false },
  ])("$name", async ({ second, same }) => {
    const connect = loadClusters(credentials());

    const [a, b] = [await connect("test", ACCESS), await connect("test", second)];

    expect(a === b).toBe(same);
  });

  it("asks discovery nothing again when a reused client applies a second time", async () => {
    const apply = applier(server, { environment: "reuse" });
    await apply(envFiles("reuse", []), sha("r1"));
    server.resetRequestLog();

    await apply(envFiles("reuse", []), sha("r1"));

    expect(server.requestLog.filter((r) => r.path === "/apis" || r.path === "/api/v1" || r.path.startsWith("/apis/apps/"))).toEqual([]);
  });

  it("finds a kind a CRD installed since its discovery, once that discovery is a few seconds old", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const client = await loadClusters(credentials())("test");
    await client.readScopes();
    await applier(server, { environment: "gadgets" })(envFiles("gadgets", [CRD, GADGET]), sha("c1"));
    vi.setSystemTime(Date.now() + 10_000);

    const found = await client.readObjects(["acme.dev/Gadget/gadgets/red"]);

    expect(found.get("acme.dev/Gadget/gadgets/red")?.spec).toEqual({ size: 1 });
  });
});
