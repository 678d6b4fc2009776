/**
 * `ferry apply` and `ferry drift` as a user runs them (a subprocess) against clusters
 * that cannot be reached: nothing listens, the server never answers, or it answers a
 * byte at a time. Each ends within the configured timeout with a message on stderr
 * that names the cluster, its address and why, and exit status 2; the apply Lease is
 * released when the cluster still answers Lease requests.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleRepo, type ExampleRepo } from "../../src/cli/example-repo.ts";
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";

const ROOT = join(import.meta.dirname, "../..");

let repo: ExampleRepo;
let dir: string;
let config: string;

beforeAll(async () => {
  repo = await createExampleRepo();
  dir = mkdtempSync(join(tmpdir(), "ferry-faults-"));
  config = join(dir, "ferry.yml");
  // Short timeouts keep the test quick; the defaults are 5 s to connect and 30 s per answer.
  writeFileSync(config, "environments:\n  - name: production\ncluster:\n  connectTimeout: 2\n  responseTimeout: 2\n");
});
afterAll(() => {
  rmSync(repo.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

function ferry(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args, "--repo", repo.dir, "--config", config], { cwd: ROOT, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function kubeconfigFor(server: string, name: string): string {
  const file = join(dir, `${name}.kubeconfig`);
  // The test server's certificate is for 127.0.0.1, not localhost: verification is off here.
  writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "${server}", insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: ${name}\n  context: {cluster: c, user: u}\ncurrent-context: ${name}\n`);
  return file;
}

// A port that was free a moment ago: nothing listens there.
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("a cluster nobody answers for", () => {
  it.each([
    { name: "ferry drift", args: ["drift", "--env", "production"] },
    { name: "ferry apply", args: ["apply", "--env", "production", "--ref", "production"] },
  ])("$name names the cluster, the address and why on stderr and exits 2", async ({ args }) => {
    const port = await closedPort();
    // localhost has two addresses (::1 and 127.0.0.1): Node's error for that has no message of its own.
    const kubeconfig = kubeconfigFor(`https://localhost:${port}`, "prod-eu");

    const result = await ferry(...args, "--kubeconfig", kubeconfig, "--context", "prod-eu");

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cluster prod-eu is unreachable at https://localhost:${port} (`);
    expect(result.stderr).toContain("ECONNREFUSED");
    expect(result.stderr).toContain("[cluster-unreachable]");
  });
});

describe("an API server that accepts and then stalls", () => {
  let server: KubeTestServer;
  beforeAll(async () => {
    server = await KubeTestServer.start();
  });
  afterAll(() => server.stop());

  it.each([
    { name: "never answers", answer: "silent" as const },
    { name: "answers a byte at a time", answer: "trickle" as const },
  ])("ferry apply fails cluster-unreachable when the server $name, and the Lease is released", async ({ answer }) => {
    server.clearFaults();
    // Every apply of an object stalls; Lease, discovery and reads still work.
    server.injectFault({ method: "PATCH", path: /\/(configmaps|services|deployments|secrets)\/[^/]+$/, answer });
    const kubeconfig = join(dir, "stalled.kubeconfig");
    await server.writeKubeconfig(kubeconfig, "stalled");

    const result = await ferry("apply", "--env", "production", "--ref", "production", "--kubeconfig", kubeconfig, "--context", "stalled");

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cluster stalled is unreachable at ${server.url} (no complete answer within 2s)`);
    const lease = server.getObject({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "ferry-system", name: "ferry-apply-production" }) as { spec?: { holderIdentity?: string } } | undefined;
    expect(lease).toBeDefined();
    expect(lease?.spec?.holderIdentity).toBeUndefined();
  });
});
