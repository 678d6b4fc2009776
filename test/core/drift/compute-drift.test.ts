import { describe, expect, it } from "vitest";
import { diffLiveObject, findOrphans, isInSync, isLiveSubset, normalizeQuantity, renderDriftReport, renderDriftText } from "../../../src/core/drift/index.ts";
import type { JsonValue, KubeObject } from "../../../src/core/manifest/index.ts";

const deployment = (spec: object, extra: object = {}): KubeObject => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop", ...extra }, spec } as unknown as KubeObject);

describe("normalizeQuantity", () => {
  it.each`
    a            | b              | equal
    ${"1000m"}   | ${"1"}         | ${true}
    ${"0.5"}     | ${"500m"}      | ${true}
    ${"1Gi"}     | ${"1024Mi"}    | ${true}
    ${"1G"}      | ${"1Gi"}       | ${false}
    ${2}         | ${"2"}         | ${true}
    ${"web"}     | ${"web"}       | ${true}
  `("$a = $b is $equal", ({ a, b, equal }) => {
    const na = normalizeQuantity(a) ?? a;
    const nb = normalizeQuantity(b) ?? b;

    expect(na === nb).toBe(equal);
  });
});

describe("isLiveSubset", () => {
  it.each([
    { name: "accepts live objects with extra server defaults", desired: { a: 1, l: [{ n: "x" }] }, live: { a: 1, b: 2, l: [{ n: "x", pullPolicy: "Always" }] }, expected: true },
    { name: "accepts a quantity the server rewrote", desired: { cpu: "1000m" }, live: { cpu: "1" }, expected: true },
    { name: "rejects a changed value", desired: { replicas: 3 }, live: { replicas: 5 }, expected: false },
    { name: "rejects a list of another length", desired: { l: [1] }, live: { l: [1, 2] }, expected: false },
    { name: "rejects a field missing live", desired: { a: { b: 1 } }, live: { a: {} }, expected: false },
  ])("$name", ({ desired, live, expected }) => {
    // it.each widens the rows to a union with undefined members; they are JSON.
    expect(isLiveSubset(desired as unknown as JsonValue, live as unknown as JsonValue)).toBe(expected);
  });
});

describe("diffLiveObject", () => {
  it("reports changed fields and ignores server-owned metadata and status", () => {
    const predicted = deployment({ replicas: 3, template: { spec: { containers: [{ name: "web", image: "web:1.5" }] } } });
    const live = deployment({ replicas: 5, template: { spec: { containers: [{ name: "web", image: "web:1.4" }] } } }, { resourceVersion: "42", uid: "u", managedFields: [] });

    const fields = diffLiveObject({ predicted, live: { ...live, status: { ready: 1 } } as KubeObject, ignore: [] });

    expect(fields).toEqual([
      { path: "/spec/replicas", live: 5, desired: 3 },
      { path: "/spec/template/spec/containers/0/image", live: "web:1.4", desired: "web:1.5" },
    ]);
  });

  it("leaves out fields an ignore rule names for the matching object", () => {
    const fields = diffLiveObject({ predicted: deployment({ replicas: 3 }), live: deployment({ replicas: 9 }), ignore: [{ kind: "Deployment", name: "web", pointers: ["/spec/replicas"] }] });

    expect(fields).toEqual([]);
  });

  it("shows that a secret value drifted without showing either value", () => {
    const secret = (v: string): KubeObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "shop" }, data: { password: Buffer.from(v).toString("base64") } } as unknown as KubeObject);

    const fields = diffLiveObject({ predicted: secret("CANARY-git-value"), live: secret("CANARY-live-value"), ignore: [] });
    const report = renderDriftReport([{ type: "modified", key: "/Secret/shop/db", fields }], { environment: "production", cluster: "prod", ref: "production", sha: "a".repeat(40), readAt: "2026-11-21T10:00:00Z" });

    expect(fields).toHaveLength(1);
    expect(report).not.toMatch(/CANARY|Q0FOQVJZ/);
  });
});

describe("isInSync and findOrphans", () => {
  it("counts an object as in sync when live has every field git sets", () => {
    expect(isInSync({ desired: deployment({ replicas: 3 }), live: deployment({ replicas: 3, strategy: { type: "RollingUpdate" } }), ignore: [] })).toBe(true);
  });

  it("finds inventory objects that are live but no longer rendered, sorted", () => {
    const orphans = findOrphans({ inventory: ["/ConfigMap/shop/b", "/ConfigMap/shop/a", "apps/Deployment/shop/web"], desired: [deployment({})], live: new Set(["/ConfigMap/shop/a", "/ConfigMap/shop/b"]) });

    expect(orphans).toEqual([{ type: "orphaned", key: "/ConfigMap/shop/a" }, { type: "orphaned", key: "/ConfigMap/shop/b" }]);
  });
});

describe("renderDriftReport", () => {
  const context = { environment: "production", cluster: "prod", ref: "production", sha: "b".repeat(40), readAt: "2026-11-21T10:00:00Z" };

  it("says so when there is no drift", () => {
    expect(renderDriftReport([], context)).toContain("No drift");
  });

  it("says the cluster could not be read, without listing anything", () => {
    expect(renderDriftReport([{ type: "missing", key: "x" }], { ...context, error: "connection refused" })).toContain("could not be read: connection refused");
  });

  it("is the same whatever the order of the items", () => {
    const items = [
      { type: "missing" as const, key: "/ConfigMap/shop/z" },
      { type: "orphaned" as const, key: "/ConfigMap/shop/a" },
      { type: "modified" as const, key: "apps/Deployment/shop/web", fields: [{ path: "/spec/replicas", live: 5, desired: 3 }] },
    ];

    expect(renderDriftReport([...items].reverse(), context)).toBe(renderDriftReport(items, context));
    expect(renderDriftText(items, context)).toContain("modified apps/Deployment/shop/web /spec/replicas: live 5 → git 3");
  });
});
