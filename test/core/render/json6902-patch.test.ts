import { describe, expect, it } from "vitest";
import type { JsonValue, KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { applyJson6902Patch } from "../../../src/core/render/json6902-patch.ts";
import { RenderError } from "../../../src/errors.ts";

const target = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", annotations: { "a/b": "1", "t~": "2" } }, data: { a: "1" }, list: [1, 2] } as unknown as KubeObject;

// Expected results checked with kubectl kustomize 5.5 (evanphx/json-patch).
describe("applyJson6902Patch", () => {
  it.each([
    { name: "appends to a list with -", ops: [{ op: "add", path: "/list/-", value: 3 }], expected: { list: [1, 2, 3] } },
    { name: "inserts into a list by index", ops: [{ op: "add", path: "/list/0", value: 0 }], expected: { list: [0, 1, 2] } },
    { name: "adds a map key", ops: [{ op: "add", path: "/data/b", value: "2" }], expected: { data: { a: "1", b: "2" } } },
    { name: "replaces a missing map key by adding it", ops: [{ op: "replace", path: "/data/missing", value: "3" }], expected: { data: { a: "1", missing: "3" } } },
    { name: "unescapes ~1 to a slash", ops: [{ op: "remove", path: "/metadata/annotations/a~1b" }], expected: { metadata: { name: "x", annotations: { "t~": "2" } } } },
    { name: "unescapes ~0 to a tilde", ops: [{ op: "replace", path: "/metadata/annotations/t~0", value: "9" }], expected: { metadata: { name: "x", annotations: { "a/b": "1", "t~": "9" } } } },
    { name: "moves a key", ops: [{ op: "move", from: "/data/a", path: "/data/b" }], expected: { data: { b: "1" } } },
    { name: "copies a value", ops: [{ op: "copy", from: "/data/a", path: "/data/c" }], expected: { data: { a: "1", c: "1" } } },
    { name: "passes a matching test", ops: [{ op: "test", path: "/data/a", value: "1" }], expected: {} },
  ])("$name", ({ ops, expected }) => {
    const before = structuredClone(target);

    const out = applyJson6902Patch(target, ops as JsonValue, { file: "p.yaml" });

    expect(out).toEqual({ ...structuredClone(target), ...expected });
    expect(target).toEqual(before);
  });

  it.each([
    { name: "fails to remove a missing key", ops: [{ op: "remove", path: "/data/missing" }] },
    { name: "fails to add under a missing parent", ops: [{ op: "add", path: "/nope/x", value: 1 }] },
    { name: "fails a test that does not match", ops: [{ op: "test", path: "/data/a", value: "2" }] },
    { name: "fails an index past the end", ops: [{ op: "add", path: "/list/5", value: 1 }] },
    { name: "fails an unknown op", ops: [{ op: "frobnicate", path: "/a" }] },
    { name: "fails an op without a value", ops: [{ op: "add", path: "/a" }] },
    { name: "fails a patch that is not a list", ops: { op: "add" } },
  ])("$name with a RenderError naming the file", ({ ops }) => {
    const run = (): KubeObject => applyJson6902Patch(target, ops as JsonValue, { file: "overlay/p.yaml" });

    expect(run).toThrow(RenderError);
    expect(run).toThrow(/overlay\/p\.yaml/);
  });
});
