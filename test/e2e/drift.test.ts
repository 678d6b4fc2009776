/**
 * Live drift end to end: the real Probot server over HTTP with the GitHub test server,
 * and Ferry's credentials pointing at the Kubernetes test server, where production was
 * applied by Ferry and then changed with the real kubectl.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadClusters } from "../../src/adapters/cluster/index.ts";
import { BlobCache } from "../../src/adapters/git/blob-cache.ts";
import { DriftScheduler } from "../../src/adapters/github/drift-scheduler.ts";
import { InflightTracker } from "../../src/adapters/github/inflight-tracker.ts";
import { EXAMPLE_DIR } from "../../src/cli/example-repo.ts";
import { driftMarker } from "../../src/core/drift/index.ts";
import { applyEnvironment } from "../../src/workflows/apply-environment.ts";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";
import { readDirTree } from "../support/read-dir-tree.ts";

const NS = "shop-production";
const CRD = new URL("../../fixtures/kube/app/sealed-secret-crd.yaml", import.meta.url).pathname;

describe("live drift end to end (Probot over HTTP, GitHub and Kubernetes test servers)", () => {
  let h: FerryHarness;
  let kube: KubeTestServer;
  let dir: string;
  let clusters: Record<string, string>;
  const kubectl = (...args: string[]) =>
    new Promise<string>((resolve, reject) => execFile("kubectl", ["--kubeconfig", join(dir, "kubeconfig"), ...args], { env: { ...process.env, KUBECACHEDIR: join(dir, "cache") } }, (e, out, err) => (e ? reject(new Error(err)) : resolve(out))));

  beforeEach(async () => {
    kube = await KubeTestServer.start();
    dir = mkdtempSync(join(tmpdir(), "ferry-e2e-drift-"));
    await kube.writeKubeconfig(join(dir, "kubeconfig"));
    // Only production has credentials: staging's checks fail as "no credentials".
    clusters = { FERRY_CLUSTERS: JSON.stringify({ production: { kubeconfig: join(dir, "kubeconfig") } }), FERRY_DRIFT_TICK_SECONDS: "0" };
    await kubectl("apply", "--server-side", "--field-manager", "ferry", "-f", CRD);
    const outcome = await applyEnvironment({ tree: readDirTree(EXAMPLE_DIR), environment: { name: "production", path: "production", clusters: ["production"], apply: { prune: true, healthTimeout: 30 } }, sha: "0".repeat(40), connect: loadClusters(clusters), clock: { now: () => new Date() }, sleep: (ms) => new Promise((done) => setTimeout(done, Math.min(ms, 50))) });
    expect(outcome.status).toBe("applied");
    h = await startFerryHarness({ env: clusters });
    h.github.setPermission({ user: "dana", permission: "maintain" });
  });

  afterEach(async () => {
    expect(h.github.violations).toEqual([]);
    await h.stop();
    await kube.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers /drift production with no drift, then with exactly what kubectl changed", async () => {
    const issue = h.github.createIssueAs({ title: "is production clean?", as: "dana" });
    const first = h.github.comment({ issue, body: "/drift production", as: "dana" });
    await h.settle();

    const clean = h.github.comments(issue).at(-1)?.body ?? "";
    expect(clean).toContain(driftMarker("production"));
    expect(clean).toContain("No drift: the cluster matches git.");
    expect(h.github.reactions(first.id).map((r) => r.content)).toEqual(["eyes", "+1"]);

    await kubectl("scale", "-n", NS, "deployment/worker", "--replicas=7");
    const second = h.github.comment({ issue, body: "/drift production", as: "dana" });
    await h.settle();

    const drifted = h.github.comments(issue).at(-1)?.body ?? "";
    expect(drifted).toContain("| `apps/Deployment/shop-production/worker` | `/spec/replicas`: `7` live, `4` in git |");
    expect(drifted).toContain("**1 modified**, **0 missing**, **0 orphaned**");
    expect(h.github.reactions(second.id).map((r) => r.content)).toEqual(["eyes", "confused"]);
  });

  it("puts the drift in its own comment on the promotion PR, after the git diff", async () => {
    await kubectl("set", "image", "-n", NS, "deployment/web", "web=ghcr.io/acme/shop-web:9.9.9");
    const issue = h.github.createIssueAs({ title: "release", as: "dana" });
    h.github.comment({ issue, body: "/promote production", as: "dana" });
    await h.settle();

    const pull = h.github.pulls().find((p) => p.pull?.headRef === "ferry/promote/production");
    const bodies = h.github.comments(pull?.number ?? -1).map((c) => c.body);
    const drift = bodies.findIndex((b) => b.startsWith(driftMarker("production")));
    expect(drift).toBeGreaterThan(0);
    expect(bodies[drift]).toContain("Merging this promotion overwrites the modified fields");
    expect(bodies[drift]).toContain('`"ghcr.io/acme/shop-web:9.9.9"` live, `"ghcr.io/acme/shop-web:1.4.2"` in git');
    expect(bodies[drift]).toMatch(/Read at \d{4}-\d\d-\d\dT/);
  });

  it("opens one issue for the drifting environment on schedule, updates it, and closes it when the drift is gone", async () => {
    const env = h.github.env();
    const app = new Probot({ appId: env.APP_ID, privateKey: env.PRIVATE_KEY, baseUrl: `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3`, log: pino({ level: "silent" }) });
    const scheduler = new DriftScheduler({ app, deps: { blobCache: new BlobCache(), inflight: new InflightTracker(), connectCluster: loadClusters(clusters) } });
    const issues = () => [...h.github.repo().issues.values()].filter((i) => i.pull === undefined && i.title === "Live drift in production");
    try {
      await kubectl("delete", "-n", NS, "cronjob/nightly-report");
      const opened = await scheduler.runOnce();
      await kubectl("scale", "-n", NS, "deployment/worker", "--replicas=7");
      const updated = await scheduler.runOnce();

      expect(opened.find((r) => r.environment === "production")?.outcome).toMatchObject({ status: "opened" });
      expect(opened.find((r) => r.environment === "staging")?.outcome).toMatchObject({ status: "failed", message: expect.stringContaining("no credentials for cluster staging") });
      expect(updated.find((r) => r.environment === "production")?.outcome).toMatchObject({ status: "updated" });
      expect(issues()).toHaveLength(1);
      expect(issues()[0]?.state).toBe("open");
      expect(issues()[0]?.body).toContain("missing from the cluster");
      expect(issues()[0]?.body).toContain("`/spec/replicas`: `7` live, `4` in git");

      // Undo by hand what Ferry cannot take back without forcing (kubectl owns replicas now), then re-apply.
      await kubectl("scale", "-n", NS, "deployment/worker", "--replicas=4");
      const reapplied = await applyEnvironment({ tree: readDirTree(EXAMPLE_DIR), environment: { name: "production", path: "production", clusters: ["production"], apply: { prune: true, healthTimeout: 30 } }, sha: "1".repeat(40), connect: loadClusters(clusters), clock: { now: () => new Date() }, sleep: (ms) => new Promise((done) => setTimeout(done, Math.min(ms, 50))) });
      expect(reapplied.status).toBe("applied");
      const closed = await scheduler.runOnce();

      expect(closed.find((r) => r.environment === "production")?.outcome).toMatchObject({ status: "closed" });
      expect(issues()).toHaveLength(1);
      expect(issues()[0]?.state).toBe("closed");
      expect(issues()[0]?.body).toContain("The drift is gone; Ferry closed this issue.");
    } finally {
      await scheduler.stop();
    }
  });
});
