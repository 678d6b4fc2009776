import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../../src/core/manifest/kube-object.ts";
import { BUILTIN_TRANSFORMER_CONFIG } from "../../../src/core/render/builtin-field-specs.ts";
import { isClusterScopedType } from "../../../src/core/render/cluster-scoped-types.ts";
import { mergeFieldSpecs, mergeTransformerConfigs, parseTransformerConfig } from "../../../src/core/render/transformer-config.ts";
import { RenderError } from "../../../src/errors.ts";

describe("parseTransformerConfig", () => {
  it("reads field spec lists and name references as kustomize's kustomizeconfig.yaml files write them", () => {
    const raw = {
      nameReference: [{ kind: "Issuer", group: "cert-manager.io", fieldSpecs: [{ kind: "Certificate", group: "cert-manager.io", path: "spec/issuerRef/name" }] }],
      namespace: [{ kind: "MutatingWebhookConfiguration", path: "webhooks/clientConfig/service/namespace", create: true }],
      varReference: [{ path: "metadata/annotations" }],
    } as unknown as JsonValue;

    const config = parseTransformerConfig(raw, "kustomizeconfig.yaml");

    expect(config.nameReference).toEqual([{ kind: "Issuer", group: "cert-manager.io", version: undefined, referrers: [{ kind: "Certificate", group: "cert-manager.io", version: undefined, path: "spec/issuerRef/name", create: false }] }]);
    expect(config.namespace).toEqual([{ kind: "MutatingWebhookConfiguration", group: undefined, version: undefined, path: "webhooks/clientConfig/service/namespace", create: true }]);
    expect(config.varReference).toEqual([{ group: undefined, version: undefined, kind: undefined, path: "metadata/annotations", create: false }]);
  });

  it.each([
    { name: "an unknown top-level field", raw: { nameReferences: [] } },
    { name: "an unknown field spec key", raw: { commonLabels: [{ path: "a", bogus: 1 }] } },
    { name: "an unknown name reference key", raw: { nameReference: [{ kind: "A", path: "x", fieldSpecs: [] }] } },
    { name: "a field spec list that is a map", raw: { commonLabels: { path: "a" } } },
    { name: "a create that is not a boolean", raw: { commonLabels: [{ path: "a", create: "yes" }] } },
    { name: "a configuration that is a list", raw: [] },
  ])("rejects $name, as kustomize does", ({ raw }) => {
    expect(() => parseTransformerConfig(raw as unknown as JsonValue, "c.yaml")).toThrow(RenderError);
  });
});

describe("mergeTransformerConfigs", () => {
  it("adds new specs, skips ones already there and merges referrers of the same target kind", () => {
    const extra = parseTransformerConfig({ nameReference: [{ kind: "Service", version: "v1", fieldSpecs: [{ kind: "CustomResourceDefinition", path: "spec/conversion/webhook/clientConfig/service/name" }] }], replicas: [{ kind: "Deployment", path: "spec/replicas", create: true }] } as unknown as JsonValue, "c.yaml");

    const merged = mergeTransformerConfigs(BUILTIN_TRANSFORMER_CONFIG, extra, "c.yaml");

    expect(merged.replicas).toHaveLength(BUILTIN_TRANSFORMER_CONFIG.replicas.length);
    expect(merged.nameReference).toHaveLength(BUILTIN_TRANSFORMER_CONFIG.nameReference.length);
    const service = merged.nameReference.find((r) => r.kind === "Service");
    expect(service?.referrers.at(-1)?.path).toBe("spec/conversion/webhook/clientConfig/service/name");
  });

  it("refuses the same field with another create value (kustomize's conflicting fieldspecs)", () => {
    expect(() => mergeFieldSpecs([{ path: "metadata/labels", create: true }], [{ path: "metadata/labels", create: false }], "c.yaml")).toThrow(/conflicts/);
  });
});

describe("isClusterScopedType", () => {
  it.each([
    { apiVersion: "v1", kind: "Namespace", expected: true },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", expected: true },
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "FlowSchema", expected: true },
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1", kind: "FlowSchema", expected: false },
    { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", expected: false },
    { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", expected: true },
    { apiVersion: "example.com/v1", kind: "Namespace", expected: false },
    { apiVersion: "apps/v1", kind: "Deployment", expected: false },
  ])("says $apiVersion $kind is cluster-scoped: $expected (kustomize's built-in schema)", ({ apiVersion, kind, expected }) => {
    expect(isClusterScopedType({ apiVersion, kind })).toBe(expected);
  });
});
