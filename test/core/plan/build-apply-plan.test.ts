import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { buildApplyPlan, buildIntentInventory, buildNextInventory, withoutUnchanged } from "../../../src/core/plan/index.ts";
import { listPlanCases, planToJson } from "./plan-fixtures.ts";
import { shuffled } from "../../support/shuffled.ts";

describe("plan golden cases (fixtures/plan)", () => {
  it.each(listPlanCases())("$name", async ({ dir, params }) => {
    const plan = buildApplyPlan(params);

    await expect(planToJson(plan)).toMatchFileSnapshot(join(dir, "expected-plan.json"));
  });

  it.each(listPlanCases())("$name gives the same plan for shuffled inputs", ({ params }) => {
    const expected = planToJson(buildApplyPlan(params));

    for (const seed of [1, 7, 42]) {
      const plan = buildApplyPlan({ ...params, desired: shuffled(params.desired, seed), inventory: shuffled(params.inventory, seed + 1) });
      expect(planToJson(plan)).toBe(expected);
    }
  });

  it.each(listPlanCases())("$name does not mutate its inputs", ({ params }) => {
    const before = JSON.stringify(params.desired);

    buildApplyPlan(params);

    expect(JSON.stringify(params.desired)).toBe(before);
  });
});

const cm = (name: string, namespace = "shop"): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace } });

describe("inventories", () => {
  it.each([
    {
      name: "records desired, kept and not-yet-deleted keys before applying",
      inventory: ["/ConfigMap/shop/a", "/ConfigMap/shop/gone"],
      desired: [cm("b")],
      deleted: [] as string[],
      intent: ["/ConfigMap/shop/a", "/ConfigMap/shop/b", "/ConfigMap/shop/gone"],
      next: ["/ConfigMap/shop/a", "/ConfigMap/shop/b", "/ConfigMap/shop/gone"],
    },
    {
      name: "drops deleted keys after applying and keeps a failed delete for the next run",
      inventory: ["/ConfigMap/shop/a", "/ConfigMap/shop/c"],
      desired: [cm("b")],
      deleted: ["/ConfigMap/shop/a"],
      intent: ["/ConfigMap/shop/a", "/ConfigMap/shop/b", "/ConfigMap/shop/c"],
      next: ["/ConfigMap/shop/b", "/ConfigMap/shop/c"],
    },
  ])("$name", ({ inventory, desired, deleted, intent, next }) => {
    const plan = buildApplyPlan({ desired, inventory });

    expect(buildIntentInventory(plan, inventory)).toEqual(intent);
    expect(buildNextInventory(plan, new Set(deleted))).toEqual(next);
  });

  it("stops tracking objects the plan released (kept by annotation)", () => {
    const kept: KubeObject = { ...cm("data"), metadata: { name: "data", namespace: "shop", annotations: { "ferry.dev/prune": "disabled" } } };
    const plan = buildApplyPlan({ desired: [cm("b")], inventory: ["/ConfigMap/shop/data"], live: { objects: new Map([["/ConfigMap/shop/data", kept]]) } });

    expect(plan.release).toEqual(["/ConfigMap/shop/data"]);
    expect(buildIntentInventory(plan, ["/ConfigMap/shop/data"])).toEqual(["/ConfigMap/shop/b"]);
  });
});

describe("scopes", () => {
  it.each([
    { name: "gives namespaced objects without a namespace the default namespace", obj: cm("x", ""), options: { defaultNamespace: "team" }, key: "/ConfigMap/team/x" },
    { name: "drops the namespace of cluster-scoped kinds", obj: { apiVersion: "v1", kind: "Namespace", metadata: { name: "a", namespace: "b" } }, options: {}, key: "/Namespace//a" },
    { name: "uses the cluster's discovery for custom kinds", obj: { apiVersion: "acme.dev/v1", kind: "Thing", metadata: { name: "t" } }, options: { scopes: new Map([["acme.dev/Thing", false]]) }, key: "acme.dev/Thing//t" },
  ])("$name", ({ obj, options, key }) => {
    const plan = buildApplyPlan({ desired: [obj as KubeObject], inventory: [], options });

    expect(plan.stages.flatMap((s) => s.objects.map((o) => o.key))).toEqual([key]);
  });
});

describe("withoutUnchanged", () => {
  it("drops objects the dry-run found unchanged and keeps stages and the prune set", () => {
    const plan = buildApplyPlan({ desired: [cm("a"), cm("b")], inventory: ["/ConfigMap/shop/old"] });

    const reduced = withoutUnchanged(plan, [{ key: "/ConfigMap/shop/a", stage: "namespaced", action: "unchanged" }, { key: "/ConfigMap/shop/b", stage: "namespaced", action: "configured" }]);

    expect(reduced.stages.map((s) => s.objects.map((o) => o.key))).toEqual([[], [], ["/ConfigMap/shop/b"]]);
    expect(reduced.prune).toEqual(plan.prune);
    expect(plan.stages[2]?.objects).toHaveLength(2);
  });
});
