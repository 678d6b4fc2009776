import { describe, expect, it } from "vitest";
import type { JsonValue, KubeObject } from "../../../src/core/manifest/kube-object.ts";
import type { RenderResource } from "../../../src/core/render/render-resource.ts";
import { applyVars, bindVars } from "../../../src/core/render/apply-vars.ts";
import { BUILTIN_TRANSFORMER_CONFIG } from "../../../src/core/render/builtin-field-specs.ts";
import { RenderError } from "../../../src/errors.ts";

const r = (obj: unknown, history: RenderResource["history"] = []): RenderResource => ({ obj: obj as KubeObject, source: "a.yaml", history });
const svc = r({ apiVersion: "v1", kind: "Service", metadata: { name: "api" }, spec: { port: 80 } });
const dep = r({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api", annotations: { a: "$(PORT)" } }, spec: { template: { spec: { containers: [{ name: "m", args: ["--up=$(SVC)", "$$(SVC)", "$(OTHER)"], env: [{ name: "P", value: "$(PORT)" }] }] } } } });
const raw = [
  { name: "SVC", objref: { kind: "Service", name: "api", apiVersion: "v1" } },
  { name: "PORT", objref: { kind: "Service", name: "api", apiVersion: "v1" }, fieldref: { fieldpath: "spec.port" } },
] as unknown as JsonValue;

describe("vars", () => {
  it("substitutes values read after later renames, keeps $$ escapes and unknown vars", () => {
    const vars = bindVars({ resources: [svc, dep], accumulated: [], raw, file: "k.yaml" });
    const renamed = r({ ...svc.obj, metadata: { name: "v-api" } }, [{ name: "api", namespace: undefined }]);

    const out = applyVars([renamed, dep], vars, BUILTIN_TRANSFORMER_CONFIG.varReference);

    const c = (out[1]?.obj.spec as { template: { spec: { containers: { args: string[]; env: { value: JsonValue }[] }[] } } }).template.spec.containers[0];
    expect(c?.args).toEqual(["--up=v-api", "$(SVC)", "$(OTHER)"]);
    expect(c?.env[0]?.value).toBe(80);
    expect(dep.obj.metadata.annotations).toEqual({ a: "$(PORT)" });
  });

  it("rejects a duplicate var name", () => {
    const vars = bindVars({ resources: [svc], accumulated: [], raw, file: "k.yaml" });

    expect(() => bindVars({ resources: [svc], accumulated: vars, raw, file: "o.yaml" })).toThrow(RenderError);
  });

  it("rejects a var whose objref matches nothing", () => {
    const vars = bindVars({ resources: [dep], accumulated: [], raw, file: "k.yaml" });

    expect(() => applyVars([dep], vars, BUILTIN_TRANSFORMER_CONFIG.varReference)).toThrow(RenderError);
  });
});

describe("var values", () => {
  const source = r({ apiVersion: "v1", kind: "Service", metadata: { name: "api", annotations: { n: "7" } }, spec: { ports: [{ name: "http", port: 8080 }], on: true } });
  const user = (args: string[]): RenderResource => r({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", args }] } });
  const bind = (fieldpath: string): ReturnType<typeof bindVars> => bindVars({ resources: [source], accumulated: [], raw: [{ name: "V", objref: { kind: "Service", apiVersion: "v1", name: "api" }, fieldref: { fieldpath } }] as unknown as JsonValue, file: "k.yaml" });
  const argsOf = (res: RenderResource[]): JsonValue => (res[1]?.obj.spec as { containers: { args: JsonValue }[] }).containers[0]?.args ?? null;

  it.each([
    { name: "an indexed field path keeps a number's type when it is the whole field", fieldpath: "spec.ports[0].port", args: ["$(V)", "--p=$(V)"], expected: [8080, "--p=8080"] },
    { name: "a list selector reads the keyed element", fieldpath: "spec.ports.[name=http].port", args: ["$(V)"], expected: [8080] },
    { name: "a boolean becomes text inside a longer string", fieldpath: "spec.on", args: ["--on=$(V)"], expected: ["--on=true"] },
    { name: "a map value is left unexpanded, as kustomize leaves it", fieldpath: "spec.ports[0]", args: ["$(V)", "x=$(V)"], expected: ["$(V)", "x=$(V)"] },
    { name: "a list value is left unexpanded", fieldpath: "spec.ports", args: ["$(V)"], expected: ["$(V)"] },
  ])("$name", ({ fieldpath, args, expected }) => {
    const out = applyVars([source, user(args)], bind(fieldpath), BUILTIN_TRANSFORMER_CONFIG.varReference);

    expect(argsOf(out)).toEqual(expected);
  });

  it.each([
    { name: "an objref without a version", objref: { kind: "Service", name: "api" } },
    { name: "an objref in another namespace", objref: { kind: "Service", version: "v1", name: "api", namespace: "other" } },
  ])("leaves unbound $name (kustomize matches group, version, name and a given namespace exactly)", ({ objref }) => {
    const vars = bindVars({ resources: [source], accumulated: [], raw: [{ name: "V", objref }] as unknown as JsonValue, file: "k.yaml" });

    expect(vars[0]?.bound).toBeUndefined();
  });
});
