import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import type { JsonObject, KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { applyStrategicMergePatch } from "../../../src/core/render/strategic-merge-patch.ts";
import { RenderError } from "../../../src/errors.ts";

const ROOT = join(import.meta.dirname, "../../../fixtures/render");
// Cases whose failure is the engine's (no resource matches the patch), not the merge's.
const ENGINE_ERRORS = new Set(["smp-patch-names-missing-resource"]);

const cases = readdirSync(ROOT)
  .filter((name) => name.startsWith("smp-") && !ENGINE_ERRORS.has(name))
  .map((name) => ({ name, dir: join(ROOT, name) }));

function load(path: string): unknown {
  return YAML.parse(readFileSync(path, "utf8"));
}

describe("applyStrategicMergePatch against kubectl kustomize goldens", () => {
  it.each(cases)("$name", ({ dir }) => {
    const target = load(join(dir, "input/resources.yaml")) as KubeObject;
    const patch = load(join(dir, "input/patch.yaml")) as JsonObject;
    const before = structuredClone(target);
    const patchBefore = structuredClone(patch);

    const run = (): KubeObject | undefined => applyStrategicMergePatch(target, patch, { file: "patch.yaml" });

    if (existsSync(join(dir, "expected-error.txt"))) {
      expect(run).toThrow(RenderError);
    } else {
      const expected = (load(join(dir, "expected.yaml")) ?? undefined) as KubeObject | undefined;
      expect(run()).toEqual(expected);
    }
    expect(target).toEqual(before);
    expect(patch).toEqual(patchBefore);
  });
});

describe("applyStrategicMergePatch on hostile input", () => {
  const deployment = (containers: unknown[]): KubeObject =>
    ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { template: { spec: { containers } } } }) as unknown as KubeObject;

  it("merges a 20,000-element keyed list in linear time", () => {
    const n = 20_000;
    const target = deployment(Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: "a" })));
    const patch = { spec: { template: { spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `c${n - 1 - i}`, image: "b" })) } } } } as JsonObject;

    const out = applyStrategicMergePatch(target, patch) as KubeObject & { spec: { template: { spec: { containers: { name: string; image: string }[] } } } };

    expect(out.spec.template.spec.containers).toHaveLength(n);
    expect(out.spec.template.spec.containers[0]).toEqual({ name: `c${n - 1}`, image: "b" });
  });

  it("merges a 2,000-level deep map without a recursion error", () => {
    let deep: JsonObject = { leaf: 1 };
    for (let i = 0; i < 2_000; i++) deep = { d: deep };
    const target = { apiVersion: "example.com/v1", kind: "Deep", metadata: { name: "x" }, spec: deep } as unknown as KubeObject;

    const out = applyStrategicMergePatch(target, { spec: deep });

    expect(out?.spec).toEqual(deep);
  });

  it("keeps the target's name, namespace and kind", () => {
    const target = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "ns" } } as KubeObject;

    const out = applyStrategicMergePatch(target, { kind: "Secret", metadata: { name: "b", namespace: "other" }, data: { k: "v" } });

    expect(out).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "ns" }, data: { k: "v" } });
  });

  it("renames when allowNameChange is set", () => {
    const target = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } } as KubeObject;

    const out = applyStrategicMergePatch(target, { metadata: { name: "b" } }, { allowNameChange: true });

    expect(out?.metadata.name).toBe("b");
  });

  it("treats a __proto__ key as data, never as a prototype", () => {
    const target = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } } as KubeObject;
    const patch = JSON.parse('{"data":{"__proto__":{"polluted":"yes"}}}') as JsonObject;

    applyStrategicMergePatch(target, patch);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("applyStrategicMergePatch keys", () => {
  it("keeps a __proto__ key from the patch as data", () => {
    const target = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } } as KubeObject;
    const patch = JSON.parse('{"data":{"__proto__":{"x":"1"}}}') as JsonObject;

    const out = applyStrategicMergePatch(target, patch) as KubeObject & { data: JsonObject };

    expect(Object.keys(out.data)).toEqual(["__proto__"]);
  });
});
