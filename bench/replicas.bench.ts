/**
 * Several replicas: webhook-to-reply latency of `/promote production` with one Ferry
 * replica (delivery claims in memory) and with two behind a round-robin balancer
 * (delivery claims as Leases in the Kubernetes test server), the price of running
 * Ferry highly available; and the peak memory (VmHWM) of one replica, a real process,
 * serving 20 pull requests opened at once (each: a rendered report and the policy check).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createExampleRepo } from "../src/cli/example-repo.ts";
import { startFerryServer, type RunningFerry } from "../src/start-server.ts";
import { GitHubTestServer } from "../test/support/github-server/github-test-server.ts";
import { KubeTestServer } from "../test/support/kube-server/kube-test-server.ts";
import { freePort } from "../test/support/test-backends.ts";
import { startWebhookBalancer } from "../test/support/webhook-balancer.ts";

const ROUNDS = Number(process.env.FERRY_BENCH_REPLICA_ROUNDS ?? 10);
const PULLS = 20;
const root = join(import.meta.dirname, "..");

export async function run(): Promise<void> {
  const one = await promoteLatency(1);
  const two = await promoteLatency(2);
  console.log(`/promote webhook → reply, median of ${ROUNDS}: 1 replica ${ms(one.median)} (p90 ${ms(one.p90)}), 2 replicas ${ms(two.median)} (p90 ${ms(two.p90)}); ratio ${(two.median / one.median).toFixed(2)}×`);
  const memory = await peakMemory();
  console.log(`one replica, ${PULLS} pull requests opened at once: peak RSS ${mb(memory.peak)} (idle after start ${mb(memory.idle)}), ${memory.reports} reports posted in ${ms(memory.seconds * 1000)}`);
}

async function promoteLatency(replicas: 1 | 2): Promise<{ median: number; p90: number }> {
  const example = await createExampleRepo();
  const github = await GitHubTestServer.start({ checkResponses: false });
  await github.createRepo({ name: "config", from: example.dir });
  github.setPermission({ user: "dana", permission: "maintain" });
  const kube = await KubeTestServer.start();
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-replicas-"));
  await kube.writeKubeconfig(join(dir, "kubeconfig"));
  const claims = replicas === 2 ? { FERRY_CLUSTER_HOME_KUBECONFIG: join(dir, "kubeconfig"), FERRY_COORDINATION_CLUSTER: "home", FERRY_DRIFT_TICK_SECONDS: "0" } : {};
  const servers: RunningFerry[] = [];
  for (let i = 0; i < replicas; i++) servers.push(await startFerryServer({ env: { ...github.env(), ...claims, FERRY_REPLICA_ID: `bench-${i}` }, logLevel: "silent", throttle: false }));
  const balancer = await startWebhookBalancer(servers.map((s) => s.webhookUrl));
  github.setWebhookUrl(balancer.url);
  const times: number[] = [];
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const issue = github.createIssueAs({ title: `release ${round}`, as: "dana" });
      const started = performance.now();
      github.comment({ issue, body: "/promote production", as: "dana" });
      while (!github.comments(issue).some((c) => c.user.login === "ferry[bot]")) await new Promise((done) => setTimeout(done, 2));
      // Round 0 opens the PR and warms caches; the others update it, as repeated promotions do.
      if (round > 0) times.push(performance.now() - started);
      await github.settled();
      await Promise.all(servers.map((s) => s.idle()));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await balancer.stop();
    await github.stop();
    await kube.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(example.dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p90: times[Math.floor(times.length * 0.9)]! };
}

async function peakMemory(): Promise<{ idle: number; peak: number; reports: number; seconds: number }> {
  const example = await createExampleRepo();
  const github = await GitHubTestServer.start({ checkResponses: false });
  await github.createRepo({ name: "config", from: example.dir });
  github.setPermission({ user: "dana", permission: "maintain" });
  const port = await freePort();
  // The replica runs as its own process (compiled when dist/ exists, as in the image), so its memory is its own.
  const entry = existsSync(join(root, "dist/src/server.js")) ? [join(root, "dist/src/server.js")] : ["--import", "tsx", join(root, "src/server.ts")];
  const child = spawn(process.execPath, entry, { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...github.env(), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  try {
    while (!output.includes("Listening on")) await new Promise((done) => setTimeout(done, 20));
    github.setWebhookUrl(`http://127.0.0.1:${port}/api/github/webhooks`);
    const idle = highWater(child.pid!);
    const branches = await Promise.all(
      Array.from({ length: PULLS }, async (_, i) => {
        const branch = `change-${i}`;
        await github.pushBranch({ branch, sha: example.release, as: "dana" });
        return branch;
      }),
    );
    await github.settled();
    const started = performance.now();
    const pulls = await Promise.all(branches.map((head, i) => github.openPullRequest({ head, base: "production", title: `change ${i}`, as: "dana" })));
    // The PR handlers outlive the deliveries' answers: wait until every report is up.
    const reported = () => pulls.filter((n) => github.comments(n).some((c) => c.body.startsWith("<!-- ferry:report"))).length;
    while (reported() < PULLS) await new Promise((done) => setTimeout(done, 20));
    const seconds = (performance.now() - started) / 1000;
    await github.settled();
    return { idle, peak: highWater(child.pid!), reports: reported(), seconds };
  } finally {
    child.kill("SIGTERM");
    await new Promise((done) => child.once("exit", done));
    await github.stop();
    rmSync(example.dir, { recursive: true, force: true });
  }
}

// Linux's high-water mark of a process's resident memory, in bytes.
function highWater(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb ?? 0) * 1024;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

