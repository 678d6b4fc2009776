import { describe, expect, it } from "vitest";
import { addedLines, detectCredentials, isFromRegistry, matchGlob, parseImage } from "../../../src/core/policy/index.ts";

describe("detectCredentials", () => {
  it.each([
    { name: "finds a PEM private key", text: "-----BEGIN RSA PRIVATE KEY-----", kind: "a private key" },
    { name: "finds an AWS access key id", text: "key: AKIAIOSFODNN7EXAMPLE", kind: "an AWS access key id" },
    { name: "finds a GitHub token", text: "GH=ghp_0123456789abcdefghijABCDEFGHIJ012345", kind: "a GitHub token" },
    { name: "finds a fine-grained GitHub token", text: "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", kind: "a GitHub token" },
    { name: "finds a JWT", text: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl", kind: "a JSON Web Token" },
    { name: "finds a password in a URL", text: "DATABASE_URL=postgres://app:s3cretpw@db:5432/app", kind: "a password in a URL" },
    { name: "finds a high-entropy string", text: "API_KEY=Zx8qL2mN7vB4tR9wK3pF6hJ1", kind: "a high-entropy string (a key or password?)" },
  ])("$name", ({ text, kind }) => {
    expect(detectCredentials(text).map((m) => m.kind)).toContain(kind);
  });

  it.each([
    { name: "ignores an image digest", text: "image: ghcr.io/acme/web@sha256:4bc453b53cb3d914b45f4b250294236adba2c0e09ff6f03793949e7e39fd4cc1" },
    { name: "ignores a git SHA", text: "revision: 9fceb02d0ae598e95dc970b74767f19372d61af8" },
    { name: "ignores a UUID", text: "tenant: 3f0c2b9e-8f6a-4d5e-9a1b-2c3d4e5f6a7b" },
    { name: "ignores a long camelCase identifier", text: "terminationMessagePolicy: FallbackToLogsOnError" },
    { name: "ignores a URL with a placeholder password", text: "url: postgres://app:${DB_PASSWORD}@db/app" },
    { name: "ignores a label path", text: "app.kubernetes.io/managed-by: kustomize-v5.5.0" },
    { name: "skips entropy when asked (ciphertext)", text: "password: AgBy3i4OJSWKPiTySYZZA9rO43cGDEq6Kzv2p9Ox", options: { entropy: false } },
  ])("$name", ({ text, options }) => {
    expect(detectCredentials(text, options)).toEqual([]);
  });

  it("never returns any part of the value", () => {
    const found = detectCredentials("token: ghp_SECRETSECRETSECRETSECRETSECRETSECRET12");

    expect(JSON.stringify(found)).not.toContain("SECRET");
  });
});

describe("matchGlob", () => {
  it.each`
    name                                              | pattern                  | path                               | expected
    ${"matches ** across directories"}                | ${"base/payments/**"}    | ${"base/payments/a/b.yaml"}        | ${true}
    ${"does not match a sibling prefix"}              | ${"base/payments/**"}    | ${"base/payments-v2/a.yaml"}       | ${false}
    ${"keeps * within one segment"}                   | ${"base/*.yaml"}         | ${"base/a/b.yaml"}                 | ${false}
    ${"matches a bare name at any depth"}             | ${"*.env"}               | ${"staging/config/app.env"}        | ${true}
    ${"treats a trailing slash as the whole directory"} | ${"production/"}       | ${"production/x/y.yaml"}           | ${true}
    ${"anchors patterns with a slash at the root"}    | ${"config/*.yaml"}       | ${"staging/config/a.yaml"}         | ${false}
    ${"escapes regular-expression characters"}        | ${"a+b/(x).yaml"}        | ${"a+b/(x).yaml"}                  | ${true}
  `("$name", ({ pattern, path, expected }) => {
    expect(matchGlob(pattern, path)).toBe(expected);
  });
});

describe("parseImage and isFromRegistry", () => {
  it.each([
    { name: "reads a Docker Hub short name", ref: "nginx", expected: { registry: "docker.io", name: "docker.io/library/nginx" } },
    { name: "reads a tag after a registry port", ref: "localhost:5000/app:1.2", expected: { registry: "localhost:5000", name: "localhost:5000/app", tag: "1.2" } },
    { name: "reads a tag and a digest", ref: "ghcr.io/acme/web:1.0@sha256:abc", expected: { registry: "ghcr.io", name: "ghcr.io/acme/web", tag: "1.0", digest: "sha256:abc" } },
  ])("$name", ({ ref, expected }) => {
    expect(parseImage(ref)).toEqual(expected);
  });

  it.each([
    { name: "allows an image under the prefix", ref: "ghcr.io/acme/web:1", prefix: "ghcr.io/acme", expected: true },
    { name: "rejects a look-alike organisation", ref: "ghcr.io/acme-evil/web:1", prefix: "ghcr.io/acme", expected: false },
    { name: "allows Docker Hub library images by docker.io/library", ref: "nginx:1.27", prefix: "docker.io/library", expected: true },
  ])("$name", ({ ref, prefix, expected }) => {
    expect(isFromRegistry(ref, prefix)).toBe(expected);
  });
});

describe("addedLines", () => {
  it("returns the head's new lines with their line numbers", () => {
    expect(addedLines("a\nb\nc\n", "a\nx\nb\nc\ny\n")).toEqual([
      { line: 2, text: "x" },
      { line: 5, text: "y" },
    ]);
  });
});
