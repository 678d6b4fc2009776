/**
 * Drift proof against the Kubernetes test server: the example production environment
 * is applied (with Ferry's apply workflow, or with kubectl server-side apply), then
 * changed by hand with the real kubectl; Ferry's drift (workflow and `ferry drift`)
 * must report exactly those changes, and nothing at all before them.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadClusters } from "../../../src/adapters/cluster/index.ts";
import { main, type CliIo } from "../../../src/cli/main.ts";
import { createExampleRepo, EXAMPLE_DIR, type ExampleRepo } from "../../../src/cli/example-repo.ts";
import { renderDriftText } from "../../../src/core/drift/index.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";
import { applyEnvironment } from "../../../src/workflows/apply-environment.ts";
import type { ClusterConnector } from "../../../src/workflows/ports.ts";
import { readDrift } from "../../../src/workflows/read-drift.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";
import { readDirTree } from "../../support/read-dir-tree.ts";

const NS = "shop-production";
const ENV = { name: "production", path: "production", clusters: ["production"], apply: { prune: true, healthTimeout: 30 } };
const SHA = "e".repeat(40);
const CRD = new URL("../../../fixtures/kube/app/sealed-secret-crd.yaml", import.meta.url).pathname;

let server: KubeTestServer;
let dir: string;
let kubeconfig: string;
let connect: ClusterConnector;

beforeEach(async () => {
  server = await KubeTestServer.start();
  dir = mkdtempSync(join(tmpdir(), "ferry-drift-"));
  kubeconfig = join(dir, "kubeconfig");
  await server.writeKubeconfig(kubeconfig);
  connect = loadClusters({ FERRY_CLUSTERS: JSON.stringify({ production: { kubeconfig } }) });
  await kubectl("apply", "--server-side", "--field-manager", "ferry", "-f", CRD);
});

afterEach(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the real kubectl asynchronously (the server shares this process) and returns stdout; fails on a non-zero exit. */
function kubectl(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("kubectl", ["--kubeconfig", kubeconfig, ...args], { env: { ...process.env, KUBECACHEDIR: join(dir, "cache") } }, (error, stdout, stderr) => (error ? reject(new Error(`kubectl ${args.join(" ")}: ${stderr}`)) : resolve(stdout)));
  });
}

async function applyWithFerry(): Promise<void> {
  const outcome = await applyEnvironment({ tree: readDirTree(EXAMPLE_DIR), environment: ENV, sha: SHA, connect, clock: { now: () => new Date() }, sleep: (ms) => new Promise((done) => setTimeout(done, Math.min(ms, 50))) });
  expect(outcome.clusters.map((c) => [c.status, c.message])).toEqual([["applied", expect.any(String)]]);
}

async function applyWithKubectl(): Promise<void> {
  const rendered = join(dir, "production.yaml");
  writeFileSync(rendered, await new Promise<string>((resolve, reject) => execFile("kubectl", ["kustomize", join(EXAMPLE_DIR, "production")], (e, out) => (e ? reject(e) : resolve(out)))));
  await kubectl("apply", "--server-side", "--field-manager", "ferry", "-f", rendered);
}

async function driftText(files = EXAMPLE_DIR): Promise<string> {
  const drift = await readDrift({ tree: readDirTree(files), environment: ENV, ref: "production", sha: SHA, ignore: [], connect, clock: { now: () => new Date(Date.UTC(2026, 10, 21, 10)) } });
  return drift.clusters.map((c) => renderDriftText(c.items, { environment: "production", cluster: c.cluster, ref: "production", sha: SHA, readAt: c.readAt, ...(c.error && { error: c.error.message }) })).join("");
}

const NONE = "drift of production (production) against production@eeeeeee, read at 2026-11-21T10:00:00.000Z: none\n";

async function injectDrift(): Promise<void> {
  await kubectl("scale", "-n", NS, "deployment/worker", "--replicas=7");
  await kubectl("set", "image", "-n", NS, "deployment/web", "web=ghcr.io/acme/shop-web:9.9.9");
  const webConfig = (await kubectl("get", "configmaps", "-n", NS, "-o", "name")).split("\n").find((n) => n.includes("web-config")) ?? "";
  await kubectl("patch", "-n", NS, webConfig, "--type", "merge", "-p", '{"data":{"LOG_LEVEL":"debug"}}');
  await kubectl("delete", "-n", NS, "cronjob/nightly-report");
  await kubectl("create", "configmap", "-n", NS, "hotfix", "--from-literal=FLAG=on");
  await kubectl("label", "-n", NS, "configmap/hotfix", "environment=production", "app.kubernetes.io/part-of=shop", "app.kubernetes.io/managed-by=ferry");
}

const EXPECTED_DRIFT = [
  "drift of production (production) against production@eeeeeee, read at 2026-11-21T10:00:00.000Z: 5 object(s)",
  "  extra    /ConfigMap/shop-production/hotfix",
  '  modified /ConfigMap/shop-production/web-config-2dg9ckccm7 /data/LOG_LEVEL: live "debug" → git "info"',
  '  modified apps/Deployment/shop-production/web /spec/template/spec/containers/0/image: live "ghcr.io/acme/shop-web:9.9.9" → git "ghcr.io/acme/shop-web:1.4.2"',
  "  modified apps/Deployment/shop-production/worker /spec/replicas: live 7 → git 4",
  "  missing  batch/CronJob/shop-production/nightly-report",
  "",
].join("\n");

describe("drift against the Kubernetes test server", () => {
  it("reports no drift for an environment freshly applied by Ferry's apply workflow, and sends no dry-run", async () => {
    await applyWithFerry();
    server.resetRequestLog();

    expect(await driftText()).toBe(NONE);
    expect(server.countRequests({ method: "PATCH" })).toBe(0);
  });

  it("reports no drift for an environment freshly applied with kubectl apply --server-side", async () => {
    await applyWithKubectl();

    expect(await driftText()).toBe(NONE);
  });

  it("reports exactly the changes kubectl made: scale, set image, a ConfigMap edit, a deleted object, a hand-made labelled object", async () => {
    await applyWithFerry();
    await injectDrift();
    server.resetRequestLog();

    expect(await driftText()).toBe(EXPECTED_DRIFT);
    // Only the three modified objects cost a dry-run.
    expect(server.requestLog.filter((r) => r.method === "PATCH").length).toBe(3);
    expect(server.getObject({ apiVersion: "apps/v1", kind: "Deployment", namespace: NS, name: "worker" })).toMatchObject({ spec: { replicas: 7 } });
  });

  it("reports an object git no longer has as orphaned (from Ferry's inventory)", async () => {
    await applyWithFerry();
    const trimmed = mkdtempSync(join(tmpdir(), "ferry-drift-tree-"));
    try {
      await new Promise<void>((resolve, reject) => execFile("cp", ["-r", `${EXAMPLE_DIR}/.`, trimmed], (e) => (e ? reject(e) : resolve())));
      writeFileSync(join(trimmed, "production/kustomization.yaml"), readFileSync(join(trimmed, "production/kustomization.yaml"), "utf8").replace("  - web-pdb.yaml\n", ""));

      expect(await driftText(trimmed)).toBe("drift of production (production) against production@eeeeeee, read at 2026-11-21T10:00:00.000Z: 1 object(s)\n  orphaned policy/PodDisruptionBudget/shop-production/web\n");
    } finally {
      rmSync(trimmed, { recursive: true, force: true });
    }
  });
});

describe("drift of Secrets against the Kubernetes test server", () => {
  it("reports no drift for a Secret written with stringData, and a masked change after kubectl edits it", async () => {
    const files = {
      "env/kustomization.yaml": "namespace: vault\nresources: [ns.yaml, secret.yaml]\n",
      "env/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: vault}\n",
      "env/secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: CANARY-git-value}\n",
    };
    const env = { name: "vault", path: "env", clusters: ["production"], apply: { prune: true, healthTimeout: 30 } };
    const tree = buildMemoryFileTree(files);
    const outcome = await applyEnvironment({ tree, environment: env, sha: SHA, connect, clock: { now: () => new Date() }, sleep: (ms) => new Promise((done) => setTimeout(done, Math.min(ms, 50))) });
    expect(outcome.status).toBe("applied");
    const read = async () => (await readDrift({ tree, environment: env, ref: "vault", sha: SHA, ignore: [], connect, clock: { now: () => new Date() } })).clusters[0]?.items;

    expect(await read()).toEqual([]);

    await kubectl("patch", "-n", "vault", "secret/db", "--type", "merge", "-p", JSON.stringify({ data: { password: Buffer.from("CANARY-live-value").toString("base64") } }));
    const items = await read();

    expect(items).toEqual([{ type: "modified", key: "/Secret/vault/db", fields: [{ path: "/data/password", live: expect.any(String), desired: expect.any(String) }] }]);
    expect(JSON.stringify(items)).not.toMatch(/CANARY|Q0FOQVJZ/);
  });
});

describe("ferry drift", () => {
  let example: ExampleRepo;
  beforeEach(async () => {
    example = await createExampleRepo(mkdtempSync(join(tmpdir(), "ferry-drift-repo-")));
  });
  afterEach(() => rmSync(example.dir, { recursive: true, force: true }));

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const io: CliIo = { cwd: example.dir, env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
    const code = await main(["drift", "--env", "production", "--kubeconfig", kubeconfig, ...args], io);
    return { code, stdout, stderr };
  }

  it.each([
    { name: "exits 0 and says none when the cluster matches git", inject: false, code: 0, lines: ["drift of production (production) against production@", ": none"] },
    { name: "exits 1 and lists the drift when the cluster differs", inject: true, code: 1, lines: ["modified apps/Deployment/shop-production/worker /spec/replicas: live 7 → git 4", "missing  batch/CronJob/shop-production/nightly-report", "extra    /ConfigMap/shop-production/hotfix"] },
  ])("$name", async ({ inject, code, lines }) => {
    await applyWithFerry();
    if (inject) await injectDrift();

    const result = await cli();

    expect(result.stderr).toBe("");
    expect(result.code).toBe(code);
    for (const line of lines) expect(result.stdout).toContain(line);
  });

  it("exits 2 and says the cluster is unreachable when it cannot be read", async () => {
    await server.stop();

    const result = await cli();

    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^drift of production \(production\): cluster unreachable: cluster production is unreachable at https:\/\/127\.0\.0\.1:\d+/);
    server = await KubeTestServer.start();
  });

  it("exits 2 with usage for an unknown environment", async () => {
    let stderr = "";
    const code = await main(["drift", "--env", "qa", "--kubeconfig", kubeconfig], { cwd: example.dir, env: {}, stdout: () => undefined, stderr: (t) => void (stderr += t) });

    expect(code).toBe(2);
    expect(stderr).toBe('ferry drift: unknown environment "qa"; use one of: staging, production [usage]\n');
  });
});
