import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExampleRepo } from "../../src/cli/example-repo.ts";
import { startFerryServer, type RunningFerry } from "../../src/start-server.ts";
import type { GitHubTestServer } from "../support/github-server/github-test-server.ts";
import type { KubeTestServer } from "../support/kube-server/kube-test-server.ts";
import { freePort, startTestBackends, type TestBackends } from "../support/test-backends.ts";

/**
 * A replica killed in the middle of an apply: a real Ferry process (`npm start`'s
 * entry) receives the push to production, starts applying, and is SIGKILLed while it
 * waits for the rollout. Its GitHub Deployment stays in_progress and its Lease expires;
 * the next replica to start finishes the job: the interrupted Deployment ends in
 * `error`, the branch head is applied again and recorded as a successful Deployment.
 */
describe("a replica killed mid-apply", () => {
  let backends: TestBackends;
  let github: GitHubTestServer;
  let kube: KubeTestServer;
  let example: ExampleRepo;
  let env: Record<string, string>;
  let survivor: RunningFerry | undefined;
  const repo = "acme/config";

  beforeAll(async () => {
    backends = await startTestBackends();
    ({ github, kube, example } = backends);
    env = { ...backends.env, FERRY_LEASE_SECONDS: "2", LOG_LEVEL: "warn" };
  });
  afterAll(async () => {
    await github.settled();
    await survivor?.stop();
    await backends.stop();
  });

  const production = () => github.deployments(repo).filter((d) => d.environment === "production");

  it("leaves the Deployment in_progress, and the next replica to start finishes it", { timeout: 120_000 }, async () => {
    // 1. Replica A, a real process, applies the push and is killed while waiting for health.
    // Long enough to kill A while it waits for health, short enough for B to finish.
    kube.setRolloutDelay(4000);
    const port = await freePort();
    const a = spawnReplica({ ...env, PORT: String(port), FERRY_REPLICA_ID: "replica-a", FERRY_DRIFT_TICK_SECONDS: "0", LOG_LEVEL: "info" });
    await a.listening;
    github.setWebhookUrl(`http://127.0.0.1:${port}/api/github/webhooks`);
    await github.pushBranch({ repo, branch: "production", sha: example.release, as: "dana" });
    while (!kube.getObject({ apiVersion: "apps/v1", kind: "Deployment", namespace: "shop-production", name: "web" })) await sleep(50);
    a.child.kill("SIGKILL");
    await a.exited;
    kube.setRolloutDelay(0);

    expect(production().map((d) => [d.sha, d.statuses.at(-1)?.state])).toEqual([[example.release, "in_progress"]]);

    // 2. Replica B starts after A's Lease (2 s) has expired; its start-up check finishes the job.
    const stalledAt = Date.parse(production()[0]!.statuses.at(-1)!.createdAt);
    await sleep(Math.max(0, stalledAt + 3500 - Date.now()));
    survivor = await startFerryServer({ env: { ...env, FERRY_REPLICA_ID: "replica-b", FERRY_DRIFT_TICK_SECONDS: "86400" }, logLevel: "silent", throttle: false });
    github.setWebhookUrl(survivor.webhookUrl);
    while (production().at(-1)?.statuses.at(-1)?.state !== "success") await sleep(100);
    await survivor.idle();
    await github.settled();

    const [interrupted, again] = production();
    expect(interrupted?.statuses.at(-1)).toMatchObject({ state: "error", description: expect.stringMatching(/^interrupted: the replica applying it stopped; Ferry applies [0-9a-f]{7} again$/) });
    expect([again?.sha, again?.statuses.at(-1)?.state]).toEqual([example.release, "success"]);
    expect(production()).toHaveLength(2);
  });
});

function spawnReplica(env: Record<string, string>): { child: ChildProcess; listening: Promise<void>; exited: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../../src/server.ts")], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const listening = new Promise<void>((resolve, reject) => {
    const read = (c: Buffer) => {
      output += c.toString();
      if (output.includes("Listening on")) resolve();
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", () => reject(new Error(`replica exited before listening:\n${output}`)));
  });
  return { child, listening, exited: new Promise((resolve) => child.once("exit", () => resolve())) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

