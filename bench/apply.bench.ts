/**
 * `npm run bench -- apply`: applies the same 1,000 objects (700 ConfigMaps, 200
 * Services, 100 Deployments) to one Kubernetes test API server with Ferry
 * (applyToCluster: Lease, discovery, server dry-run of everything, intent inventory,
 * staged apply, inventory, health) and with `kubectl apply --server-side`, each into a
 * fresh namespace, in the same run. Prints the time ratio (goal ≤ 0.5×) and the
 * requests each made, counted in the server's request log.
 */
import { execFile, fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadClusters } from "../src/adapters/cluster/index.ts";
import type { KubeObject } from "../src/core/manifest/kube-object.ts";
import { applyToCluster } from "../src/workflows/apply-to-cluster.ts";
import { KubeTestServer } from "../test/support/kube-server/kube-test-server.ts";

const SIZE = Number(process.env.FERRY_BENCH_APPLY_SIZE ?? 1_000);

/** Returns the benchmark's objects in namespace `ns` (the namespace itself first). */
export function benchObjects(ns: string, size = SIZE): KubeObject[] {
  const objects: KubeObject[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }];
  for (let i = 0; i < size - 1; i++) {
    const name = `app-${String(i).padStart(4, "0")}`;
    const labels = { app: name };
    if (i % 10 === 0) {
      objects.push({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: ns, labels }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "app", image: `registry.example/app:${i}` }] } } } });
    } else if (i % 10 < 3) {
      objects.push({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: ns, labels }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
    } else {
      objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns, labels }, data: { "config.yaml": `index: ${i}\nfeature: on\n` } });
    }
  }
  return objects;
}

/** Runs the benchmark and prints the ratio and request counts. */
export async function run(): Promise<void> {
  // The API server runs in its own process, as a real one does, so neither client
  // shares an event loop with it; it reports its request log over IPC.
  const server = await startServerProcess();
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-apply-"));
  try {
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(kubeconfig, server.kubeconfig, { mode: 0o600 });

    // Warm the server up first (its JIT), so neither client pays for that.
    const warmup = join(dir, "warmup.json");
    writeFileSync(warmup, JSON.stringify({ apiVersion: "v1", kind: "List", items: benchObjects("bench-warmup") }));
    await promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "warm-cache"), "apply", "--server-side", "--validate=false", "-f", warmup], { maxBuffer: 64 * 1024 * 1024 });
    const ferryObjects = benchObjects("bench-ferry");
    await server.ask("reset");
    const connect = loadClusters({ FERRY_CLUSTERS: JSON.stringify({ bench: { kubeconfig } }) });
    const started = performance.now();
    const outcome = await applyToCluster({ cluster: await connect("bench"), environment: { name: "bench", apply: { prune: true, healthTimeout: 60 } }, sha: "b".repeat(40), desired: ferryObjects, clock: { now: () => new Date() }, sleep: (ms) => new Promise((done) => setTimeout(done, ms)) });
    const ferryMs = performance.now() - started;
    const ferryRequests = await server.ask("count");
    if (outcome.status !== "applied") throw new Error(`ferry apply failed: ${outcome.message}`);

    const manifest = join(dir, "objects.json");
    writeFileSync(manifest, JSON.stringify({ apiVersion: "v1", kind: "List", items: benchObjects("bench-kubectl") }));
    await server.ask("reset");
    const kubectlStarted = performance.now();
    // A fresh cache dir: kubectl starts as cold as Ferry (no cached discovery).
    // --validate=false: kubectl cannot parse the test server's protobuf OpenAPI; it only
    // spares kubectl work (Ferry still has the server validate everything, strictly).
    await promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache"), "apply", "--server-side", "--validate=false", "-f", manifest], { maxBuffer: 64 * 1024 * 1024 });
    const kubectlMs = performance.now() - kubectlStarted;
    const kubectlRequests = await server.ask("count");

    // The steady state: the same commit applied again, nothing changes.
    await server.ask("reset");
    const againStarted = performance.now();
    await applyToCluster({ cluster: await connect("bench"), environment: { name: "bench", apply: { prune: true, healthTimeout: 60 } }, sha: "b".repeat(40), desired: ferryObjects, clock: { now: () => new Date() }, sleep: (ms) => new Promise((done) => setTimeout(done, ms)) });
    const ferryAgainMs = performance.now() - againStarted;
    const ferryAgainRequests = await server.ask("count");
    await server.ask("reset");
    const kubectlAgainStarted = performance.now();
    await promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache"), "apply", "--server-side", "--validate=false", "-f", manifest], { maxBuffer: 64 * 1024 * 1024 });
    const kubectlAgainMs = performance.now() - kubectlAgainStarted;
    const kubectlAgainRequests = await server.ask("count");

    console.log(`objects: ${ferryObjects.length} (700 ConfigMaps, 200 Services, 100 Deployments, 1 Namespace), one test API server in its own process`);
    console.log(`ferry applyToCluster (lease + dry-run of all + staged apply + inventory + health): ${ferryMs.toFixed(0)} ms, ${ferryRequests} requests`);
    console.log(`kubectl apply --server-side --validate=false (apply only):                 ${kubectlMs.toFixed(0)} ms, ${kubectlRequests} requests`);
    console.log(`ratio ferry/kubectl: ${(ferryMs / kubectlMs).toFixed(2)}× (goal ≤ 0.50×)`);
    console.log(`re-apply, nothing changed: ferry ${ferryAgainMs.toFixed(0)} ms, ${ferryAgainRequests} requests; kubectl ${kubectlAgainMs.toFixed(0)} ms, ${kubectlAgainRequests} requests; ratio ${(ferryAgainMs / kubectlAgainMs).toFixed(2)}×`);
    console.log("note: the test server handles one request at a time (~0.8 ms each), so time follows request count: a first apply costs Ferry two requests per object (the whole-plan dry-run, then the apply); a re-apply skips objects the dry-run found unchanged");
  } finally {
    server.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startServerProcess(): Promise<{ child: ChildProcess; kubeconfig: string; ask: (q: "reset" | "count") => Promise<number> }> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ["--import", "tsx"], env: { ...process.env, FERRY_BENCH_APPLY_SERVER: "1" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const kubeconfig = await new Promise<string>((resolve) => child.once("message", (m) => resolve(String(m))));
  const ask = (q: "reset" | "count") =>
    new Promise<number>((resolve) => {
      child.once("message", (m) => resolve(Number(m)));
      child.send(q);
    });
  return { child, kubeconfig, ask };
}

if (process.env.FERRY_BENCH_APPLY_SERVER === "1") {
  const server = await KubeTestServer.start();
  process.on("message", (q) => {
    if (q === "reset") server.resetRequestLog();
    process.send?.(server.requestLog.length);
  });
  process.send?.(server.kubeconfigYaml());
}
