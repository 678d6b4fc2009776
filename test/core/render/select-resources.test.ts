import { describe, expect, it } from "vitest";
import type { JsonValue, KubeObject } from "../../../src/core/manifest/kube-object.ts";
import type { RenderResource } from "../../../src/core/render/render-resource.ts";
import { matchesTarget, parseTarget, selectResources } from "../../../src/core/render/select-resources.ts";
import { RenderError } from "../../../src/errors.ts";

function res(apiVersion: string, kind: string, metadata: KubeObject["metadata"], history: RenderResource["history"] = []): RenderResource {
  return { obj: { apiVersion, kind, metadata } as KubeObject, source: "r.yaml", history };
}

const web = res("apps/v1", "Deployment", { name: "p-web", namespace: "prod", labels: { app: "web", tier: "front" }, annotations: { team: "a" } }, [{ name: "web", namespace: undefined }]);
const ns = res("v1", "Namespace", { name: "prod" });
const cm = res("v1", "ConfigMap", { name: "cfg" });

describe("matchesTarget", () => {
  it.each([
    { name: "matches the original name after a prefix", target: { name: "web" }, resource: web, expected: true },
    { name: "matches the current name", target: { name: "p-web" }, resource: web, expected: true },
    { name: "anchors name regexes", target: { name: "we" }, resource: web, expected: false },
    { name: "accepts name regexes", target: { name: "w.*" }, resource: web, expected: true },
    { name: "matches the original namespace default", target: { namespace: "default" }, resource: web, expected: true },
    { name: "matches the current namespace", target: { namespace: "prod" }, resource: web, expected: true },
    { name: "gives namespaced objects without one the namespace default", target: { namespace: "default" }, resource: cm, expected: true },
    { name: "gives cluster-scoped objects no namespace", target: { namespace: "default" }, resource: ns, expected: false },
    { name: "matches the group", target: { group: "apps", kind: "Deployment" }, resource: web, expected: true },
    { name: "matches the empty core group only by omission", target: { group: "apps" }, resource: cm, expected: false },
    { name: "matches the version", target: { version: "v1" }, resource: web, expected: true },
    { name: "matches kind alternatives", target: { kind: "Deployment|StatefulSet" }, resource: web, expected: true },
    { name: "matches a label equality", target: { labelSelector: "app=web" }, resource: web, expected: true },
    { name: "matches == and !=", target: { labelSelector: "app==web,tier!=back" }, resource: web, expected: true },
    { name: "matches in sets", target: { labelSelector: "tier in (front, back)" }, resource: web, expected: true },
    { name: "matches notin for a missing label", target: { labelSelector: "x notin (a)" }, resource: web, expected: true },
    { name: "matches exists", target: { labelSelector: "app" }, resource: web, expected: true },
    { name: "matches !key", target: { labelSelector: "!app" }, resource: web, expected: false },
    { name: "matches annotation selectors", target: { annotationSelector: "team=a" }, resource: web, expected: true },
    { name: "requires every field", target: { kind: "Deployment", name: "other" }, resource: web, expected: false },
  ])("$name", ({ target, resource, expected }) => {
    expect(matchesTarget(resource, parseTarget(target as unknown as JsonValue, "k.yaml"))).toBe(expected);
  });
});

describe("parseTarget", () => {
  it.each([
    { name: "an unknown field", raw: { kinds: "Deployment" } },
    { name: "a non-string field", raw: { name: 3 } },
    { name: "a bad regex", raw: { name: "(" } },
    { name: "a bad label selector", raw: { labelSelector: "a in (b" } },
    { name: "a target that is not a map", raw: ["x"] },
  ])("rejects $name", ({ raw }) => {
    expect(() => parseTarget(raw as unknown as JsonValue, "k.yaml")).toThrow(RenderError);
  });
});

describe("selectResources", () => {
  it("selects among 50,000 resources in order", () => {
    const many = Array.from({ length: 50_000 }, (_, i) => res("v1", "ConfigMap", { name: `c${i}`, labels: { even: String(i % 2 === 0) } }));

    const picked = selectResources(many, parseTarget({ labelSelector: "even=true" }, "k.yaml"));

    expect(picked).toHaveLength(25_000);
    expect(picked[1]?.obj.metadata.name).toBe("c2");
  });
});
