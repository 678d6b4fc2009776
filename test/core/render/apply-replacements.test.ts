import { describe, expect, it } from "vitest";
import type { JsonValue, KubeObject } from "../../../src/core/manifest/kube-object.ts";
import type { RenderResource } from "../../../src/core/render/render-resource.ts";
import { applyReplacements, splitReplacementPath } from "../../../src/core/render/apply-replacements.ts";
import { RenderError } from "../../../src/errors.ts";

const r = (obj: unknown): RenderResource => ({ obj: obj as KubeObject, source: "r.yaml", history: [] });
const svc = r({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ports: [{ port: 80 }] } });
const dep = r({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "app" }, spec: { template: { spec: { containers: [{ name: "main", image: "nginx:1.0", env: [{ name: "HOST", value: "x" }] }] } } } });
const cm = r({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { host: "a.b.c" } });
const all = [svc, dep, cm];
const depSpec = (res: RenderResource[]): JsonValue => (res[1]?.obj.spec as { template: { spec: JsonValue } }).template.spec;

describe("applyReplacements", () => {
  it.each([
    {
      name: "copies a name into a list element selected by [name=…]",
      repl: { source: { kind: "Service", name: "web" }, targets: [{ select: { kind: "Deployment" }, fieldPaths: ["spec.template.spec.containers.[name=main].env.[name=HOST].value"] }] },
      expected: { containers: [{ name: "main", image: "nginx:1.0", env: [{ name: "HOST", value: "web" }] }] },
    },
    {
      name: "replaces one delimited part of the target",
      repl: { source: { kind: "ConfigMap", name: "c", fieldPath: "data.host", options: { delimiter: ".", index: 1 } }, targets: [{ select: { kind: "Deployment" }, fieldPaths: ["spec.template.spec.containers.0.image"], options: { delimiter: ":", index: 1 } }] },
      expected: { containers: [{ name: "main", image: "nginx:b", env: [{ name: "HOST", value: "x" }] }] },
    },
    {
      name: "creates a missing field with create",
      repl: { source: { kind: "Service", name: "web", fieldPath: "spec.ports.0.port" }, targets: [{ select: { kind: "Deployment" }, fieldPaths: ["spec.template.spec.hostname"], options: { create: true } }] },
      expected: { containers: [{ name: "main", image: "nginx:1.0", env: [{ name: "HOST", value: "x" }] }], hostname: 80 },
    },
    {
      name: "skips rejected targets",
      repl: { source: { kind: "Service", name: "web" }, targets: [{ select: { kind: "Deployment" }, reject: [{ name: "app" }], fieldPaths: ["spec.missing"] }] },
      expected: { containers: [{ name: "main", image: "nginx:1.0", env: [{ name: "HOST", value: "x" }] }] },
    },
  ])("$name", ({ repl, expected }) => {
    const before = structuredClone(all);

    const out = applyReplacements(all, [repl as unknown as JsonValue], { file: "k.yaml" });

    expect(depSpec(out)).toEqual(expected);
    expect(all).toEqual(before);
  });

  it.each([
    { name: "a source that selects nothing", repl: { source: { kind: "Service", name: "nope" }, targets: [] } },
    { name: "a missing source field", repl: { source: { kind: "Service", name: "web", fieldPath: "spec.nope" }, targets: [] } },
    { name: "a missing target field without create", repl: { source: { kind: "Service", name: "web" }, targets: [{ select: { kind: "Deployment" }, fieldPaths: ["spec.nope.x"] }] } },
    { name: "a source selecting two resources", repl: { source: { version: "v1" }, targets: [] } },
  ])("rejects $name", ({ repl }) => {
    expect(() => applyReplacements(all, [repl as unknown as JsonValue], { file: "k.yaml" })).toThrow(RenderError);
  });
});

describe("splitReplacementPath", () => {
  it.each([
    { name: "splits on dots", path: "spec.template.spec", expected: ["spec", "template", "spec"] },
    { name: "allows a leading dot", path: ".spec.dnsNames.0", expected: ["spec", "dnsNames", "0"] },
    { name: "unbrackets a dotted map key", path: "metadata.annotations.[cert-manager.io/inject-ca-from]", expected: ["metadata", "annotations", "cert-manager.io/inject-ca-from"] },
    { name: "keeps escaped dots in a key", path: "metadata.annotations.cert-manager\\.io/inject-ca-from", expected: ["metadata", "annotations", "cert-manager.io/inject-ca-from"] },
    { name: "keeps a list selector whose value has dots", path: "spec.containers.[name=a.b].image", expected: ["spec", "containers", "[name=a.b]", "image"] },
  ])("$name", ({ path, expected }) => {
    expect(splitReplacementPath(path)).toEqual(expected);
  });
});
