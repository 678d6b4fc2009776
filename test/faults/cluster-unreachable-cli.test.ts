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
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
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

describe("an API server that sheds load", () => {
  // A new cluster for each case: on a cluster that already holds the objects, a re-apply
  // writes nothing and the injected answers would never be sent.
  let server: KubeTestServer;
  beforeEach(async () => {
    server = await KubeTestServer.start();
    // The example repository holds a SealedSecret: its CRD, applied by the real kubectl.
    const kubeconfig = join(dir, "crds.kubeconfig");
    await server.writeKubeconfig(kubeconfig, "crds");
    await promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", join(ROOT, "fixtures/kube/crds/sealedsecrets.yaml")]);
  });
  afterEach(() => server.stop());

  it.each([
    { name: "429 Too Many Requests (API Priority and Fairness), with Retry-After", answer: { status: 429, retryAfterSeconds: 0 }, code: 0 },
    { name: "429 Too Many Requests with no Retry-After (waited 1 s)", answer: { status: 429 }, code: 0 },
    { name: "503 with Retry-After", answer: { status: 503, retryAfterSeconds: 0 }, code: 0 },
  ])("ferry apply waits out $name on its writes and applies everything", async ({ answer, code }) => {
    server.clearFaults();
    // The first three object applies (dry-run or real) are turned away once each.
    const fault = { method: "PATCH", path: /\/(configmaps|services|deployments|secrets)\/[^/]+$/, answer, times: 3 };
    server.injectFault(fault);
    const kubeconfig = join(dir, "loaded.kubeconfig");
    await server.writeKubeconfig(kubeconfig, "loaded");

    const result = await ferry("apply", "--env", "production", "--ref", "production", "--kubeconfig", kubeconfig, "--context", "loaded");

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code, stderr: "" });
    expect(server.getObject({ apiVersion: "apps/v1", kind: "Deployment", namespace: "shop-production", name: "web" })).toBeDefined();
    // All three refusals were sent, and waited out.
    expect(fault.times).toBe(0);
  });

  it("fails with the server's own words when a 500 comes without Retry-After (nothing is tried twice blindly)", async () => {
    server.clearFaults();
    server.injectFault({ method: "PATCH", path: /\/deployments\/[^/]+$/, answer: { status: 500 }, times: 1 });
    const kubeconfig = join(dir, "broken.kubeconfig");
    await server.writeKubeconfig(kubeconfig, "broken");

    const result = await ferry("apply", "--env", "production", "--ref", "production", "--kubeconfig", kubeconfig, "--context", "broken");

    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("the server is currently unable to handle the request");
  });
});
