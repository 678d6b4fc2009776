import { describe, expect, it } from "vitest";
import { commonLabels, countDrift, findExtras, labelScopes, renderDriftReport, renderDriftText, scopeObjects } from "../../../src/core/drift/index.ts";
import type { KubeObject } from "../../../src/core/manifest/index.ts";

const obj = (apiVersion: string, kind: string, name: string, metadata: Record<string, unknown> = {}): KubeObject => ({ apiVersion, kind, metadata: { name, ...metadata } }) as KubeObject;

describe("scopeObjects", () => {
  it.each([
    { name: "gives a namespaced object without a namespace the default one", object: obj("v1", "ConfigMap", "a"), expected: "default" },
    { name: "keeps the namespace a namespaced object has", object: obj("v1", "ConfigMap", "a", { namespace: "shop" }), expected: "shop" },
    { name: "drops the namespace of a cluster-scoped built-in kind", object: obj("v1", "Namespace", "shop", { namespace: "x" }), expected: undefined },
    { name: "drops the namespace of a kind discovery says is cluster-scoped", object: obj("example.com/v1", "Widget", "w", { namespace: "x" }), expected: undefined },
  ])("$name", ({ object, expected }) => {
    const [scoped] = scopeObjects({ objects: [object], scopes: new Map([["example.com/Widget", false]]) });

    expect(scoped?.metadata.namespace).toBe(expected);
  });

  it("never changes its input", () => {
    const input = obj("v1", "ConfigMap", "a");

    scopeObjects({ objects: [input], scopes: new Map() });

    expect(input.metadata.namespace).toBeUndefined();
  });
});

describe("commonLabels and labelScopes", () => {
  it.each([
    { name: "keeps the labels every object sets with the same value", labels: [{ env: "prod", app: "web" }, { env: "prod", app: "worker" }], expected: { env: "prod" } },
    { name: "is empty when one object has no labels", labels: [{ env: "prod" }, undefined], expected: {} },
    { name: "is empty for no objects", labels: [], expected: {} },
  ])("$name", ({ labels, expected }) => {
    const objects = labels.map((l, i) => obj("v1", "ConfigMap", `c${i}`, l ? { labels: l } : {}));

    expect(commonLabels(objects)).toEqual(expected);
  });

  it("lists each kind once per namespace, sorted", () => {
    const objects = [obj("apps/v1", "Deployment", "b", { namespace: "shop" }), obj("v1", "ConfigMap", "a", { namespace: "shop" }), obj("apps/v1", "Deployment", "a", { namespace: "shop" })];

    expect(labelScopes(objects)).toEqual([
      { group: "", kind: "ConfigMap", namespace: "shop" },
      { group: "apps", kind: "Deployment", namespace: "shop" },
    ]);
  });
});

describe("findExtras", () => {
  it("reports labelled live objects that are neither in git nor in the inventory", () => {
    const desired = [obj("v1", "ConfigMap", "a", { namespace: "shop" })];

    const extras = findExtras({ labelled: ["/ConfigMap/shop/z", "/ConfigMap/shop/a", "/ConfigMap/shop/old"], desired, inventory: ["/ConfigMap/shop/old"] });

    expect(extras).toEqual([{ type: "extra", key: "/ConfigMap/shop/z" }]);
  });
});

describe("drift reports of hand-made and unknown objects", () => {
  const context = { environment: "production", cluster: "prod", ref: "production", sha: "c".repeat(40), readAt: "2026-11-21T10:00:00Z" };
  const items = [
    { type: "extra" as const, key: "/ConfigMap/shop/extra" },
    { type: "unknown" as const, key: "apps/Deployment/shop/web", message: "Invalid: spec.selector is immutable" },
  ];

  it("counts and describes them in Markdown", () => {
    const report = renderDriftReport(items, context);

    expect(countDrift(items)).toEqual({ modified: 0, missing: 0, orphaned: 0, extra: 1, unknown: 1 });
    expect(report).toContain("**1 made by hand**");
    expect(report).toContain("made by hand; an apply leaves it");
    expect(report).toContain("spec.selector is immutable");
  });

  it("lists them in text", () => {
    expect(renderDriftText(items, context)).toBe(
      "drift of production (prod) against production@ccccccc, read at 2026-11-21T10:00:00Z: 2 object(s)\n  extra    /ConfigMap/shop/extra\n  unknown  apps/Deployment/shop/web: Invalid: spec.selector is immutable\n",
    );
  });

  it("mentions the git diff only beside one", () => {
    expect(renderDriftReport([], { ...context, error: "refused" })).not.toContain("git diff");
    expect(renderDriftReport([], { ...context, error: "refused", besideDiff: true })).toContain("The git diff above is unaffected.");
  });
});
