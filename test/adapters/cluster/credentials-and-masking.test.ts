import { describe, expect, it } from "vitest";
import { loadEndpoint, readClusterCredentials } from "../../../src/adapters/cluster/index.ts";
import { maskSecretValues } from "../../../src/adapters/cluster/mask-secret-values.ts";
import type { KubeObject } from "../../../src/core/manifest/kube-object.ts";

describe("readClusterCredentials", () => {
  it.each([
    { name: "reads FERRY_CLUSTERS paths, contexts and in-cluster entries", env: { FERRY_CLUSTERS: '{"prod-eu": {"kubeconfig": "/etc/k", "context": "p"}, "local": {"inCluster": true}}' }, expected: [["prod-eu", { kubeconfig: "/etc/k", context: "p" }], ["local", { inCluster: true }]] },
    { name: "reads FERRY_CLUSTER_<NAME>_KUBECONFIG with its context", env: { FERRY_CLUSTER_PROD_EU_KUBECONFIG: "/k", FERRY_CLUSTER_PROD_EU_CONTEXT: "c" }, expected: [["prod-eu", { kubeconfig: "/k", context: "c" }]] },
  ])("$name", ({ env, expected }) => {
    expect([...readClusterCredentials(env)]).toEqual(expected);
  });

  it("never echoes FERRY_CLUSTERS when it is not JSON (it may hold a kubeconfig)", () => {
    const secret = "token: s3cr3t-value";

    expect(() => readClusterCredentials({ FERRY_CLUSTERS: secret })).toThrow(/not valid JSON/);
    expect(() => readClusterCredentials({ FERRY_CLUSTERS: secret })).not.toThrow(/s3cr3t/);
  });

  it("never echoes kubeconfig content it cannot parse", async () => {
    const error = (await loadEndpoint("prod", { kubeconfigContent: "users: [{user: {token: s3cr3t-value}}]\n: : bad" }).then(() => undefined, (e: unknown) => e)) as Error;

    expect(error.message).not.toContain("s3cr3t");
  });
});

describe("maskSecretValues", () => {
  const secret: KubeObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, data: { password: Buffer.from("hunter22").toString("base64") }, stringData: { token: "tok-123456" } };

  it.each([
    { name: "masks a decoded data value", message: 'invalid value "hunter22"', expected: 'invalid value "<redacted>"' },
    { name: "masks an encoded data value", message: `bad base64 ${Buffer.from("hunter22").toString("base64")}`, expected: "bad base64 <redacted>" },
    { name: "masks a stringData value", message: "token tok-123456 is too long", expected: "token <redacted> is too long" },
    { name: "leaves other text alone", message: "metadata.name: Invalid value", expected: "metadata.name: Invalid value" },
  ])("$name", ({ message, expected }) => {
    expect(maskSecretValues(message, secret)).toBe(expected);
  });
});
