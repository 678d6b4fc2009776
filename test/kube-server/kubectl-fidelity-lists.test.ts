/**
 * The Kubernetes test server as `kubectl get` and `kubectl diff` see it with many
 * objects and repeated reads, proven with the real kubectl: Table lists keep
 * `metadata.continue` (kubectl asks in chunks of 500), and an object nobody changed
 * keeps its resourceVersion however often it is read or diffed.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, startKubectlHarness, type KubectlHarness } from "./kubectl-harness.ts";

let h: KubectlHarness;
beforeAll(async () => {
  h = await startKubectlHarness();
});
afterAll(async () => h.close());

describe("kubectl get past 500 objects", () => {
  it.each([
    { name: "lists every object of a namespace in the default table", args: ["get", "configmaps", "-n", "many", "--no-headers"] },
    { name: "lists every object with a small chunk size", args: ["get", "configmaps", "-n", "many", "--no-headers", "--chunk-size=100"] },
  ])("$name", async ({ args }) => {
    const manifest = join(mkdtempSync(join(tmpdir(), "ferry-many-")), "many.json");
    const items = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "many" } }, ...Array.from({ length: 620 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${String(i).padStart(3, "0")}`, namespace: "many" }, data: { i: String(i) } }))];
    writeFileSync(manifest, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
    expect((await h.kubectl("apply", "--server-side", "--validate=false", "-f", manifest)).code).toBe(0);

    const result = await h.kubectl(...args);

    expect(result.stderr).toBe("");
    const names = result.stdout.trim().split("\n").map((line) => line.split(/\s+/)[0]);
    expect(names).toHaveLength(620);
    expect(names.at(-1)).toBe("cm-619");
  });
});

describe("an object nobody changes", () => {
  it("keeps its resourceVersion across gets and server-side diffs, and kubectl diff says nothing", async () => {
    expect((await h.kubectl("apply", "--server-side", "-f", fixture("web.yaml"))).code).toBe(0);
    const version = async () => (await h.kubectl("get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.metadata.resourceVersion}")).stdout;
    const before = await version();

    const diffs = [await h.kubectl("diff", "--server-side", "-f", fixture("web.yaml")), await h.kubectl("diff", "--server-side", "-f", fixture("web.yaml"))];

    expect(diffs.map((d) => [d.code, d.stderr, d.stdout])).toEqual([[0, "", ""], [0, "", ""]]);
    expect([await version(), await version()]).toEqual([before, before]);
  });
});
