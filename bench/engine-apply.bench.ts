/**
 * `npm run bench -- engine`: time from `/merge` to a successful GitHub Deployment for an
 * environment of 1,000 objects, through the real Ferry server, the GitHub test server
 * and the Kubernetes test server: once with Ferry's own apply (`apply.engine: ferry`:
 * Lease, dry-run of everything, staged apply, inventory, health), once through Flux
 * (`apply.engine: flux`) with the Flux stand-in answering at once, so what is measured
 * is Ferry's own cost of driving an engine (two merge patches and the status polls).
 * Prints both times, their ratio, the requests each sent to the cluster and peak RSS.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadClusters } from "../src/adapters/cluster/index.ts";
import { serializeManifests } from "../src/core/manifest/serialize-manifests.ts";
import { buildMemoryFileTree } from "../src/core/tree/memory-file-tree.ts";
import { applyEnvironment } from "../src/workflows/apply-environment.ts";
import { startFerryServer } from "../src/start-server.ts";
import { GitHubTestServer } from "../test/support/github-server/github-test-server.ts";
import { FluxStandIn } from "../test/support/kube-server/flux-stand-in.ts";
import { installFlux } from "../test/support/kube-server/install-engines.ts";
import { KubeTestServer } from "../test/support/kube-server/kube-test-server.ts";
import { benchObjects } from "./apply.bench.ts";

const SIZE = Number(process.env.FERRY_BENCH_APPLY_SIZE ?? 1_000);

function buildRepo(engine: "ferry" | "flux"): string {
  const dir = mkdtempSync(join(tmpdir(), `ferry-bench-engine-${engine}-`));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" } });
  git("init", "-q", "-b", "main");
  for (const d of ["base", "staging", "production", ".github"]) mkdirSync(join(dir, d));
  const objects = (tag: string) => serializeManifests(benchObjects(`bench-${engine}`, SIZE).map((o) => (o.kind === "ConfigMap" ? { ...o, data: { ...(o.data as object), release: tag } } : o)));
  writeFileSync(join(dir, "base/objects.yaml"), objects("1"));
  writeFileSync(join(dir, "base/kustomization.yaml"), "resources: [objects.yaml]\n");
  for (const env of ["staging", "production"]) writeFileSync(join(dir, env, "kustomization.yaml"), "resources: [../base]\n");
  const apply = engine === "flux" ? "\n    apply: { engine: flux, flux: { kustomization: flux-system/apps-production } }" : "";
  writeFileSync(join(dir, ".github/ferry.yml"), `environments:\n  - name: staging\n    clusters: [nowhere]\n  - name: production\n    clusters: [${engine}]\n    promotesFrom: staging\n    promoters: { permission: write }\n    merge: { approvals: 0 }${apply}\npolicy:\n  config: { approvals: 0 }\n  rules: { workload-hygiene: { severity: "off" }, images: { severity: "off" } }\n`);
  git("add", "-A");
  git("commit", "-qm", "initial");
  git("branch", "staging");
  git("branch", "production");
  git("checkout", "-q", "staging");
  writeFileSync(join(dir, "base/objects.yaml"), objects("2"));
  git("commit", "-qam", "release 2");
  git("checkout", "-q", "main");
  return dir;
}

/** Runs the benchmark and prints the table. */
export async function run(): Promise<void> {
  const cluster = await KubeTestServer.start();
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-engine-"));
  const kubeconfig = join(dir, "kubeconfig");
  await cluster.writeKubeconfig(kubeconfig);
  await installFlux(cluster, { branch: "production", path: "production", kustomization: "apps-production" });
  const github = await GitHubTestServer.start({ checkResponses: false });
  const flux = FluxStandIn.start({ server: cluster, revisionOf: (branch) => github.branchSha(branch, "acme/flux"), pollMs: 1 });
  const ferry = await startFerryServer({ env: { ...github.env(), FERRY_CLUSTER_FERRY_KUBECONFIG: kubeconfig, FERRY_CLUSTER_FLUX_KUBECONFIG: kubeconfig, FERRY_DRIFT_TICK_SECONDS: "0" }, logLevel: "silent" });
  github.setWebhookUrl(ferry.webhookUrl);
  const repos: string[] = [];
  try {
    const results: { engine: string; ms: number; moved: number; applyMs: number; requests: number; rssMb: number }[] = [];
    for (const engine of ["ferry", "flux"] as const) {
      const repo = `acme/${engine}`;
      repos.push(buildRepo(engine));
      await github.createRepo({ name: engine, from: repos.at(-1) ?? "" });
      github.setPermission({ repo, user: "dana", permission: "write" });
      const issue = await github.openPullRequest({ repo, head: "staging", base: "main", title: "tracking", as: "dana" });
      github.comment({ repo, issue, body: "/promote production", as: "dana" });
      await github.settled();
      await ferry.idle();
      const pull = github.pulls(repo).find((p) => p.pull?.headRef === "ferry/promote/production");
      if (!pull) throw new Error(`${engine}: no promotion PR`);
      cluster.resetRequestLog();
      let rss = process.memoryUsage().rss;
      const started = performance.now();
      github.comment({ repo, issue: pull.number, body: "/merge", as: "dana" });
      // Until the Deployment of production records success (or failure).
      let moved = 0;
      let applying = 0;
      const before = await github.branchSha("production", repo);
      for (;;) {
        if (!moved && (await github.branchSha("production", repo)) !== before) moved = performance.now() - started;
        const statuses = github.deployments(repo).find((d) => d.environment === "production")?.statuses ?? [];
        if (!applying && statuses.some((s) => s.state === "in_progress")) applying = performance.now() - started;
        rss = Math.max(rss, process.memoryUsage().rss);
        const state = github.deployments(repo).find((d) => d.environment === "production")?.statuses.at(-1)?.state;
        if (state === "success") break;
        if (state === "failure" || state === "error") throw new Error(`${engine}: the Deployment ended ${state}`);
        if (performance.now() - started > 300_000) throw new Error(`${engine}: no Deployment success within 300 s`);
        await new Promise((done) => setTimeout(done, 5));
      }
      const ms = performance.now() - started;
      results.push({ engine, ms, moved, applyMs: ms - applying, requests: cluster.requestLog.length, rssMb: rss / 2 ** 20 });
      await github.settled();
      await ferry.idle();
    }
    const [direct, viaFlux] = results;
    if (!direct || !viaFlux) return;
    // The whole path shares one process (GitHub test server, Ferry, cluster, stand-in), so
    // the /merge itself (policy judged afresh, the fast-forward, the push webhook) is the
    // same for both; "apply" is the Deployment's in_progress → success, the part that differs.
    console.log(`| ${SIZE} objects | /merge → Deployment success | of which /merge → branch moved | apply (Deployment in_progress → success) | cluster requests | peak RSS |`);
    console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
    for (const [r, what] of [[direct, "apply.engine: ferry (dry-run, staged apply, health)"], [viaFlux, "apply.engine: flux (stand-in answers at once)"]] as const) {
      console.log(`| ${what} | ${r.ms.toFixed(0)} ms | ${r.moved.toFixed(0)} ms | ${r.applyMs.toFixed(0)} ms | ${r.requests} | ${r.rssMb.toFixed(0)} MB |`);
    }
    console.log(`ratio flux / ferry: ${(viaFlux.ms / direct.ms).toFixed(2)}× end to end, ${(viaFlux.applyMs / direct.applyMs).toFixed(3)}× for the apply`);
    await applyAlone({ cluster, kubeconfig, github });
  } finally {
    flux.stop();
    await ferry.stop();
    await github.stop();
    await cluster.stop();
    for (const r of [...repos, dir]) rmSync(r, { recursive: true, force: true });
  }
}

// The apply workflow alone, without GitHub: the same 1,000 objects (a new release of
// them) applied by Ferry, against asking the Flux stand-in, which answers at once.
async function applyAlone(params: { cluster: KubeTestServer; kubeconfig: string; github: GitHubTestServer }): Promise<void> {
  const connect = loadClusters({ FERRY_CLUSTERS: JSON.stringify({ bench: { kubeconfig: params.kubeconfig } }) });
  const files = { "env/objects.yaml": serializeManifests(benchObjects("bench-alone", SIZE)), "env/kustomization.yaml": "resources: [objects.yaml]\n" };
  const sha = (await params.github.branchSha("production", "acme/flux")) ?? "";
  const times: Record<string, number> = {};
  for (const engine of ["ferry", "flux"] as const) {
    params.cluster.resetRequestLog();
    const started = performance.now();
    const outcome = await applyEnvironment({
      tree: buildMemoryFileTree(files),
      environment: { name: `alone-${engine}`, path: "env", branch: "production", clusters: ["bench"], apply: { engine, prune: true, healthTimeout: 120, ...(engine === "flux" && { flux: { kustomization: "flux-system/apps-production", clusters: {} } }) } },
      sha,
      connect,
      clock: { now: () => new Date() },
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
    });
    if (outcome.status !== "applied") throw new Error(`${engine} alone: ${outcome.clusters[0]?.message ?? outcome.status}`);
    times[engine] = performance.now() - started;
    console.log(`| apply workflow alone, engine ${engine} | ${(times[engine] ?? 0).toFixed(0)} ms | ${params.cluster.requestLog.length} cluster requests |`);
  }
  console.log(`ratio flux / ferry, workflow alone: ${((times.flux ?? 0) / (times.ferry ?? 1)).toFixed(3)}×`);
}
