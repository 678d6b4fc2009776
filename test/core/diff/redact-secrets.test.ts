import { describe, expect, it } from "vitest";
import { diffManifests, maskGeneratedSecretNames, redactSecretPair, REDACTED, REDACTED_CHANGED } from "../../../src/core/diff/index.ts";
import type { KubeObject } from "../../../src/core/manifest/kube-object.ts";

const secret = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "shop" }, data });

describe("redactSecretPair", () => {
  it.each([
    { name: "reports nothing for unchanged keys and masks both sides alike", before: { a: "MQ==" }, after: { a: "MQ==" }, fields: [], masks: [REDACTED, REDACTED] },
    { name: "reports a changed key and marks only the after side", before: { a: "MQ==" }, after: { a: "Mg==" }, fields: [{ path: "/data/a", change: "changed" }], masks: [REDACTED, REDACTED_CHANGED] },
    { name: "gives the same masks to values of different lengths", before: { a: "MQ==" }, after: { a: "MTIzNDU2Nzg5MA==" }, fields: [{ path: "/data/a", change: "changed" }], masks: [REDACTED, REDACTED_CHANGED] },
  ])("$name", ({ before, after, fields, masks }) => {
    const result = redactSecretPair({ before: secret("s", before), after: secret("s", after) });

    expect(result.fields).toEqual(fields);
    expect([(result.before?.data as Record<string, string>).a, (result.after?.data as Record<string, string>).a]).toEqual(masks);
  });

  it("never mutates its arguments", () => {
    const before = secret("s", { a: "MQ==" });
    const after = secret("s", { a: "Mg==" });
    const copies = structuredClone([before, after]);

    redactSecretPair({ before, after });
    diffManifests({ before: [before], after: [after] });

    expect([before, after]).toEqual(copies);
  });
});

describe("maskGeneratedSecretNames", () => {
  it("masks the content hash in the Secret's name and in references to it", () => {
    const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { volumes: [{ secret: { secretName: "db-2f9c7h8mbt" } }] } };

    const [masked, ref] = maskGeneratedSecretNames([secret("db-2f9c7h8mbt", {}), pod]);

    expect(masked?.metadata.name).toBe("db-<hash>");
    expect(JSON.stringify(ref)).toContain('"secretName":"db-<hash>"');
  });

  it("keeps two hash-named Secrets with one base apart", () => {
    const masked = maskGeneratedSecretNames([secret("db-2f9c7h8mbt", {}), secret("db-8mk9f6ccbt", {})]);

    expect(masked.map((o) => o.metadata.name)).toEqual(["db-<hash-1>", "db-<hash-2>"]);
  });

  it("leaves ordinary names such as tls-production alone", () => {
    expect(maskGeneratedSecretNames([secret("tls-production", {})])[0]?.metadata.name).toBe("tls-production");
  });
});
