import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.ts";
import { readProcessSettings } from "../src/process-settings.ts";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const app = { APP_ID: "12", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s3cret-webhook" };
const files: Record<string, string> = { "/etc/ferry/key.pem": privateKey };
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error("ENOENT");
  return text;
};
const problems = (env: Record<string, string | undefined>) => {
  try {
    readProcessSettings(env, readFile);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((i) => `${i.path} ${i.message}`);
  }
};

describe("readProcessSettings", () => {
  it("reads defaults when only the App's credentials are set", () => {
    const settings = readProcessSettings(app, readFile);

    expect(settings).toMatchObject({ app: { appId: "12", webhookSecret: "s3cret-webhook" }, port: 3000, host: "localhost", logLevel: "info", driftTickSeconds: 300, leaseSeconds: 60, shutdownSeconds: 25, coordinationCluster: undefined });
    expect(settings.clusters.size).toBe(0);
  });

  it("is in setup mode without APP_ID", () => {
    expect(readProcessSettings({}, readFile).app).toBeUndefined();
  });

  it.each([
    { name: "reads the key from PRIVATE_KEY_PATH", env: { APP_ID: "1", PRIVATE_KEY_PATH: "/etc/ferry/key.pem", WEBHOOK_SECRET: "x" } },
    { name: "accepts a base64-encoded key", env: { ...app, PRIVATE_KEY: Buffer.from(privateKey).toString("base64") } },
    { name: "accepts a key with escaped newlines", env: { ...app, PRIVATE_KEY: privateKey.replaceAll("\n", "\\n") } },
  ])("$name", ({ env }) => {
    expect(readProcessSettings(env, readFile).app?.privateKey).toBe(privateKey);
  });

  it.each([
    { name: "refuses a port that is not a number", env: { ...app, PORT: "http" }, expected: ["PORT must be a whole number"] },
    { name: "refuses a port out of range", env: { ...app, PORT: "70000" }, expected: ["PORT must be at most 65535"] },
    { name: "refuses an unknown log level", env: { ...app, LOG_LEVEL: "loud" }, expected: ["LOG_LEVEL must be one of: trace, debug, info, warn, error, fatal, silent"] },
    { name: "refuses a negative drift tick", env: { ...app, FERRY_DRIFT_TICK_SECONDS: "-5" }, expected: ["FERRY_DRIFT_TICK_SECONDS must be a whole number"] },
    { name: "refuses a lease shorter than two seconds", env: { ...app, FERRY_LEASE_SECONDS: "1" }, expected: ["FERRY_LEASE_SECONDS must be at least 2"] },
    { name: "refuses a zero concurrency", env: { ...app, FERRY_KUBE_CONCURRENCY: "0" }, expected: ["FERRY_KUBE_CONCURRENCY must be at least 1"] },
    { name: "refuses a GHE_HOST with a scheme", env: { ...app, GHE_HOST: "https://github.example.com" }, expected: ["GHE_HOST must be a host name (and port), without a scheme or path"] },
    { name: "needs a key with APP_ID", env: { APP_ID: "1", WEBHOOK_SECRET: "x" }, expected: ["PRIVATE_KEY is required with APP_ID; set PRIVATE_KEY to the App's private key or PRIVATE_KEY_PATH to a file holding it"] },
    { name: "needs a webhook secret with APP_ID", env: { APP_ID: "1", PRIVATE_KEY: privateKey }, expected: ["WEBHOOK_SECRET is required with APP_ID; set it to the App's webhook secret"] },
    { name: "names a key file that cannot be read", env: { APP_ID: "1", PRIVATE_KEY_PATH: "/missing.pem", WEBHOOK_SECRET: "x" }, expected: ["PRIVATE_KEY_PATH names /missing.pem, which cannot be read; mount the App's key there or fix the path"] },
    { name: "refuses FERRY_CLUSTERS that is not JSON", env: { ...app, FERRY_CLUSTERS: "{prod: x" }, expected: ["FERRY_CLUSTERS is not valid JSON; set it to an object of cluster name → {kubeconfig, context} or {inCluster: true}"] },
    { name: "refuses a coordination cluster without credentials", env: { ...app, FERRY_COORDINATION_CLUSTER: "home" }, expected: ['FERRY_COORDINATION_CLUSTER names cluster "home", which has no credentials; add it to FERRY_CLUSTERS or set FERRY_CLUSTER_<NAME>_KUBECONFIG'] },
    { name: "needs the OAuth client secret with its id", env: { ...app, GITHUB_CLIENT_ID: "Iv1.abc" }, expected: ["GITHUB_CLIENT_SECRET must be set together with the other: GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are the App's OAuth client (dashboard sign-in)"] },
    { name: "refuses a short dashboard cookie secret", env: { ...app, FERRY_DASHBOARD_SECRET: "short" }, expected: ["FERRY_DASHBOARD_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)"] },
    { name: "refuses a public URL without a scheme", env: { ...app, FERRY_PUBLIC_URL: "ferry.example.com" }, expected: ["FERRY_PUBLIC_URL must be an http(s) URL such as https://ferry.example.com"] },
    { name: "lists every bad variable at once", env: { ...app, PORT: "x", LOG_LEVEL: "y" }, expected: ["PORT must be a whole number", "LOG_LEVEL must be one of: trace, debug, info, warn, error, fatal, silent"] },
  ])("$name", ({ env, expected }) => {
    expect(problems(env)).toEqual(expected);
  });

  it("never puts a secret value in its message (evil-key: a webhook secret passed as the key)", () => {
    const evil = "evil-secret-value-9a8b7c";

    const messages = problems({ APP_ID: "1", PRIVATE_KEY: evil, WEBHOOK_SECRET: evil, FERRY_CLUSTERS: `{"x": {"kubeconfigContent": ${JSON.stringify(evil)}}, "y": ${evil}` });

    expect(messages).toEqual(["FERRY_CLUSTERS is not valid JSON; set it to an object of cluster name → {kubeconfig, context} or {inCluster: true}", "PRIVATE_KEY does not hold a readable private key; use the .pem file GitHub generated for the App (PEM, or base64 of it)"]);
    expect(messages.join("\n")).not.toContain(evil);
  });
});
