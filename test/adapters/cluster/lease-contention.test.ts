import { execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeClusterClient, loadClusters } from "../../../src/adapters/cluster/index.ts";
import type { LockOutcome } from "../../../src/workflows/ports.ts";
import { createTestRepo } from "../../support/git-repo.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";
import { applier, configMap, deployment, envFiles, sha } from "./cluster-test-kit.ts";

let server: KubeTestServer;
beforeAll(async () => {
  server = await KubeTestServer.start();
});
afterAll(async () => {
  await server.stop();
});

const replica = (identity: string, leaseSeconds = 30) =>
  loadClusters({ FERRY_CLUSTERS: JSON.stringify({ test: { kubeconfigContent: server.kubeconfigYaml() } }) }, { identity, leaseSeconds, pollMs: 50 })("test");
const acquired = (o: LockOutcome) => (o.status === "acquired" ? o : expect.fail(`expected the lock, got ${o.status}`));

describe("the apply Lease", () => {
  it("lets one of two appliers in and makes the other wait until it is released", async () => {
    const [a, b] = await Promise.all([replica("replica-a"), replica("replica-b")]);
    const first = acquired(await a.acquire({ environment: "contended", sha: sha("a1"), waitSeconds: 0 }));

    const busy = await b.acquire({ environment: "contended", sha: sha("a1"), waitSeconds: 0.2 });
    const waiting = b.acquire({ environment: "contended", sha: sha("a1"), waitSeconds: 20 });
    await first.release();

    expect(busy).toEqual({ status: "busy", holder: `replica-a@${sha("a1").slice(0, 12)}` });
    acquired(await waiting);
  });

  it("lets a newer SHA supersede an older one queued behind the holder", async () => {
    const [holder, older, newer] = await Promise.all([replica("holder"), replica("older"), replica("newer")]);
    const held = acquired(await holder.acquire({ environment: "queue", sha: sha("b0"), waitSeconds: 0 }));
    const olderWait = older.acquire({ environment: "queue", sha: sha("b1"), waitSeconds: 20 });
    await new Promise((done) => setTimeout(done, 100));
    const newerWait = newer.acquire({ environment: "queue", sha: sha("b2"), waitSeconds: 20 });

    const olderOutcome = await olderWait;
    await held.release();

    expect(olderOutcome).toEqual({ status: "superseded", by: sha("b2") });
    acquired(await newerWait);
  });

  it("takes over the Lease of a holder that stopped renewing it once it expires", async () => {
    const other = (await replica("survivor")) as KubeClusterClient;
    // What a crashed holder leaves behind: a Lease renewed just now, never again.
    const now = new Date().toISOString().replace("Z", "000Z");
    const body = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "ferry-apply-expiry", namespace: "ferry-system" }, spec: { holderIdentity: "crashed@c1", leaseDurationSeconds: 1, acquireTime: now, renewTime: now } };
    await other.writeInventory("expiry", { keys: [], sha: undefined }); // creates ferry-system
    await other.http.send({ method: "POST", path: "/apis/coordination.k8s.io/v1/namespaces/ferry-system/leases", body: JSON.stringify(body), operation: "test" });

    const outcome = await other.acquire({ environment: "expiry", sha: sha("c2"), waitSeconds: 0.2 });
    const later = await other.acquire({ environment: "expiry", sha: sha("c2"), waitSeconds: 20 });

    expect(outcome.status).toBe("busy");
    expect(later.status).toBe("acquired");
  });
});

describe("a process killed mid-apply", () => {
  it("leaves an expiring Lease and an inventory that a clean re-apply completes", async () => {
    const repo = createTestRepo();
    const files = { ...envFiles("killed", [deployment("web"), configMap("settings")]), ".github/ferry.yml": "environments:\n- name: killed\n  path: env\n" };
    const commit = repo.commit(files);
    const kubeconfig = join(repo.dir, "..", `kubeconfig-${process.pid}`);
    writeFileSync(kubeconfig, server.kubeconfigYaml(), { mode: 0o600 });
    // Slow enough that the child is still waiting for health when it is killed.
    server.setRolloutDelay(3000);
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../../../src/cli/main.ts"), "apply", "--env", "killed", "--ref", commit, "--kubeconfig", kubeconfig, "--repo", repo.dir], { env: { ...process.env, FERRY_LEASE_SECONDS: "2" }, stdio: "ignore" });
    while (!server.getObject({ apiVersion: "apps/v1", kind: "Deployment", namespace: "killed", name: "web" })) await new Promise((done) => setTimeout(done, 50));
    child.kill("SIGKILL");
    await new Promise((done) => child.once("exit", done));
    server.setRolloutDelay(0);

    const outcome = await applier(server, { environment: "killed" })(files, commit);

    expect(outcome.clusters[0]?.message).toBe("applied 3 object(s), pruned 0, all healthy");
    const inventory = server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "ferry-system", name: "ferry-inventory-killed" }) as { data: { keys: string; sha: string } };
    expect(inventory.data).toMatchObject({ keys: "/Namespace//killed\n/ConfigMap/killed/settings\napps/Deployment/killed/web", sha: commit });
    await promisify(execFile)("rm", ["-f", kubeconfig]);
    repo.remove();
  });
});
