import { describe, expect, it } from "vitest";
import { findInSync } from "../../../src/core/plan/index.ts";
import type { KubeObject } from "../../../src/core/manifest/index.ts";

const cm = (data: Record<string, string>, managers: { manager: string; operation: string }[] = []): KubeObject =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", namespace: "shop", ...(managers.length ? { managedFields: managers } : {}) }, data } as unknown as KubeObject);
const ferryApplied = [{ manager: "ferry", operation: "Apply" }];

describe("findInSync", () => {
  it.each([
    { name: "skips an object Ferry applied that live already matches", live: cm({ a: "1" }, ferryApplied), skipped: true },
    { name: "sends an object whose live value differs", live: cm({ a: "2" }, ferryApplied), skipped: false },
    { name: "sends a matching object Ferry never applied, to take ownership", live: cm({ a: "1" }, [{ manager: "kubectl", operation: "Apply" }]), skipped: false },
    { name: "sends an object that is not live", live: undefined, skipped: false },
  ])("$name", ({ live, skipped }) => {
    const liveMap = new Map(live ? [["/ConfigMap/shop/app", live]] : []);

    const results = findInSync({ desired: [cm({ a: "1" })], live: liveMap, stageOf: () => "namespaced" });

    expect(results).toEqual(skipped ? [{ key: "/ConfigMap/shop/app", stage: "namespaced", action: "unchanged" }] : []);
  });
});
