/**
 * `npm run bench -- drift`: the drift of the same 1,000 objects (700 ConfigMaps, 200
 * Services, 100 Deployments, all labelled `environment: bench`), applied with
 * `kubectl apply --server-side --field-manager ferry`, then 30 of them changed by hand
 * (10 Deployments scaled, 20 ConfigMaps edited). Measured on one Kubernetes test API
 * server in the same run: Ferry's readClusterDrift (discovery, inventory, one labelled
 * LIST per kind, a dry-run only for objects that differ) and
 * `kubectl diff --server-side --force-conflicts` (which dry-runs every object). Prints
 * the time ratio (goal ≤ 0.5×) and the requests each made, from the server's request log.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadClusters } from "../src/adapters/cluster/index.ts";
import type { KubeObject } from "../src/core/manifest/kube-object.ts";
import { readClusterDrift } from "../src/workflows/read-drift.ts";
import { readPeakRssMb, withPeakRss, withTimeRss } from "./time-command.ts";
import { KubeTestServer } from "../test/support/kube-server/kube-test-server.ts";
import { benchObjects } from "./apply.bench.ts";

const NS = "bench-drift";

/** Runs the benchmark and prints the ratio and request counts. */
export async function run(): Promise<void> {
  const server = await KubeTestServer.start();
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-drift-"));
  const kubectl = (...args: string[]) =>
    new Promise<{ code: number; stdout: string }>((resolve, reject) =>
      // A fresh cache dir: kubectl starts as cold as Ferry (no cached discovery).
      // The diff runs under GNU time, for its peak memory.
      execFile(...commandLine(args), { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        // `kubectl diff` exits 1 when it found differences: expected here.
        if (code !== 0 && !(args[0] === "diff" && code === 1)) reject(new Error(`kubectl ${args[0]} failed (${code}): ${stderr}`));
        else resolve({ code, stdout });
      }),
    );
  const rssFile = join(dir, "kubectl-diff.rss");
  function commandLine(args: readonly string[]): [string, string[]] {
    const full = ["--kubeconfig", join(dir, "kubeconfig"), "--cache-dir", join(dir, "cache"), ...args];
    if (args[0] !== "diff") return ["kubectl", full];
    const timed = withTimeRss("kubectl", full, rssFile);
    return [timed.command, timed.args];
  }
  try {
    await server.writeKubeconfig(join(dir, "kubeconfig"));
    const objects: KubeObject[] = benchObjects(NS).map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, environment: "bench" } } }));
    const manifest = join(dir, "objects.json");
    writeFileSync(manifest, JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
    // --validate=false: kubectl cannot parse the test server's protobuf OpenAPI.
    await kubectl("apply", "--server-side", "--field-manager", "ferry", "--validate=false", "-f", manifest);
    for (let i = 0; i < 100; i += 10) await kubectl("scale", "-n", NS, `deployment/app-${String(i).padStart(4, "0")}`, "--replicas=3");
    for (let i = 3; i < 200 && i < 3 + 20 * 10; i += 10) await kubectl("patch", "-n", NS, `configmap/app-${String(i).padStart(4, "0")}`, "--type", "merge", "-p", '{"data":{"config.yaml":"edited: by hand\\n"}}');

    // Ferry: a fresh connection (cold discovery), the whole drift of the environment.
    server.resetRequestLog();
    const connect = loadClusters({ FERRY_CLUSTERS: JSON.stringify({ bench: { kubeconfig: join(dir, "kubeconfig") } }) });
    const started = performance.now();
    const [drift, ferryRss] = await withPeakRss(async () => readClusterDrift({ cluster: await connect("bench"), rendered: objects, environment: "bench", ignore: [], clock: { now: () => new Date() } }));
    const ferryMs = performance.now() - started;
    const ferryRequests = server.requestLog.length;
    const ferryDryRuns = server.requestLog.filter((r) => r.method === "PATCH").length;

    server.resetRequestLog();
    const kubectlStarted = performance.now();
    const diff = await kubectl("diff", "--server-side", "--field-manager", "ferry", "--force-conflicts", "-f", manifest);
    const kubectlMs = performance.now() - kubectlStarted;
    const kubectlRequests = server.requestLog.length;
    const kubectlDryRuns = server.requestLog.filter((r) => r.method === "PATCH").length;
    const kubectlObjects = new Set([...diff.stdout.matchAll(/^diff -u -N .*\/(?:[^/.]+\.)?v1\.(\w+)\.bench-drift\.(app-\d{4})$/gm)].map((m) => `${m[1]}/${m[2]}`)).size;

    console.log(`objects: ${objects.length} (700 ConfigMaps, 200 Services, 100 Deployments, 1 Namespace); 30 changed by hand; one test API server, in-process`);
    console.log(`ferry readClusterDrift:                             ${ferryMs.toFixed(0)} ms, ${ferryRequests} requests (${ferryDryRuns} dry-runs), ${drift.items.length} drifted objects found`);
    console.log(`kubectl diff --server-side --force-conflicts:       ${kubectlMs.toFixed(0)} ms, ${kubectlRequests} requests (${kubectlDryRuns} dry-runs), exit ${diff.code}${kubectlObjects > 0 ? `, ${kubectlObjects} objects differ` : ""}`);
    const kubectlRss = readPeakRssMb(rssFile);
    console.log(`peak RSS: ferry ${ferryRss.toFixed(0)} MB (the benchmark's process while Ferry reads the drift; it also runs the test API server), kubectl diff ${kubectlRss === undefined ? "not measured (no /usr/bin/time)" : `${kubectlRss.toFixed(0)} MB`}`);
    console.log(`ratio ferry/kubectl: ${(ferryMs / kubectlMs).toFixed(2)}× (goal ≤ 0.50×); requests ${(ferryRequests / Math.max(1, kubectlRequests)).toFixed(3)}×`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
