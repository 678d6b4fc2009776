import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExampleRepo } from "../../src/cli/example-repo.ts";
import { startFerryServer, type RunningFerry } from "../../src/start-server.ts";
import type { GitHubTestServer } from "../support/github-server/github-test-server.ts";
import type { KubeTestServer } from "../support/kube-server/kube-test-server.ts";
import { startTestBackends, type TestBackends } from "../support/test-backends.ts";
import { startWebhookBalancer, type WebhookBalancer } from "../support/webhook-balancer.ts";

/**
 * Two real Ferry servers (Probot over HTTP) behind a round-robin balancer, against the
 * GitHub and Kubernetes test servers: a delivery does its work once however often and
 * wherever it arrives, racing /promote commands give one PR and two honest replies, a
 * push gives one apply per cluster, and the drift schedule checks each environment once.
 */
describe("several replicas", () => {
  let backends: TestBackends;
  let github: GitHubTestServer;
  let kube: KubeTestServer;
  let example: ExampleRepo;
  let replicas: RunningFerry[];
  let balancer: WebhookBalancer;
  const repo = "acme/config";

  beforeAll(async () => {
    backends = await startTestBackends();
    ({ github, kube, example } = backends);
    const kubeconfig = backends.kubeconfig;
    const env = (id: string) => ({
      ...backends.env,
      FERRY_CLUSTER_HOME_KUBECONFIG: kubeconfig,
      FERRY_COORDINATION_CLUSTER: "home",
      FERRY_REPLICA_ID: id,
      // The schedule exists but never ticks by itself here; the test runs it.
      FERRY_DRIFT_TICK_SECONDS: "86400",
    });
    replicas = [await startFerryServer({ env: env("replica-a"), logLevel: "silent", throttle: false }), await startFerryServer({ env: env("replica-b"), logLevel: "silent", throttle: false })];
    balancer = await startWebhookBalancer(replicas.map((r) => r.webhookUrl));
    github.setWebhookUrl(balancer.url);
    github.setPermission({ user: "dana", permission: "maintain" });
    github.setPermission({ user: "mia", permission: "maintain" });
    github.setPermission({ user: "erin", permission: "write" });
  });
  afterAll(async () => {
    expect(github.violations).toEqual([]);
    await settle();
    await Promise.all(replicas.map((r) => r.stop()));
    await balancer.stop();
    await backends.stop();
  });

  async function settle(): Promise<void> {
    for (;;) {
      const before = github.deliveries.length;
      await github.settled();
      await Promise.all(replicas.map((r) => r.idle()));
      await github.settled();
      if (github.deliveries.length === before) return;
    }
  }
  const replies = (issue: number) => github.comments(issue, repo).filter((c) => c.user.login === "ferry[bot]").map((c) => c.body);
  const promotions = () => github.pulls(repo).filter((p) => p.pull?.headRef === "ferry/promote/production");
  const counted = async (outcome: string) => {
    const texts = await Promise.all(replicas.map(async (r) => (await fetch(`${r.url}/metrics`)).text()));
    return texts.map((t) => Number(new RegExp(`^ferry_webhook_deliveries_total\\{event="issue_comment",outcome="${outcome}"\\} (\\d+)$`, "m").exec(t)?.[1] ?? 0));
  };

  it("does a delivery once when it reaches both replicas at once, and once more when redelivered", async () => {
    const issue = github.createIssueAs({ repo, title: "Release 1.5.0", as: "dana" });
    const duplicatesBefore = (await counted("duplicate")).reduce((a, b) => a + b, 0);
    const deliveriesBefore = github.deliveries.length;

    balancer.mode = "fan-out";
    github.comment({ repo, issue, body: "/help", as: "dana" });
    await settle();
    balancer.mode = "round-robin";
    const delivery = github.deliveries.filter((d) => d.event === "issue_comment").at(-1)!;
    github.redeliver(delivery.id);
    github.redeliver(delivery.id);
    await settle();

    expect(balancer.routed.get(delivery.guid)?.sort()).toEqual([0, 0, 1, 1]);
    expect(replies(issue)).toHaveLength(1);
    const claim = kube.getObject({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "ferry-system", name: `ferry-delivery-${delivery.guid}` }) as { metadata: { annotations: Record<string, string> }; spec: { holderIdentity: string } };
    expect(claim.metadata.annotations["ferry.dev/delivery-state"]).toBe("done");
    expect(["replica-a", "replica-b"]).toContain(claim.spec.holderIdentity);
    // Every copy after the first of every issue_comment delivery (Ferry's own reply, fanned out too) is a duplicate.
    const copies = [...new Set(github.deliveries.slice(deliveriesBefore).filter((d) => d.event === "issue_comment").map((d) => d.guid))].reduce((n, guid) => n + balancer.routed.get(guid)!.length - 1, 0);
    expect(copies).toBeGreaterThanOrEqual(3);
    expect((await counted("duplicate")).reduce((a, b) => a + b, 0) - duplicatesBefore).toBe(copies);
  });

  it("gives one PR and two honest replies for two /promote production racing on two replicas", async () => {
    const issue = github.createIssueAs({ repo, title: "Release 1.5.0, twice", as: "dana" });

    github.comment({ repo, issue, body: "/promote production", as: "dana" });
    github.comment({ repo, issue, body: "/promote production", as: "mia" });
    await settle();

    const routed = github.deliveries.filter((d) => d.event === "issue_comment" && d.payload.issue && (d.payload.issue as { number: number }).number === issue).slice(0, 2);
    expect(routed.map((d) => balancer.routed.get(d.guid)![0]).sort()).toEqual([0, 1]);
    expect(promotions().filter((p) => p.state === "open")).toHaveLength(1);
    const number = promotions()[0]!.number;
    const answers = replies(issue).filter((r) => r.includes(`#${number}`));
    expect(answers).toHaveLength(2);
    expect(answers.every((r) => /^(Opened|Updated) #\d+: promotes `[0-9a-f]{7}`/.test(r))).toBe(true);
  });

  it("applies a push once per cluster although the delivery reaches both replicas", async () => {
    const pull = promotions().find((p) => p.state === "open")!;
    await github.review({ repo, pull: pull.number, as: "erin", state: "APPROVED" });

    github.comment({ repo, issue: pull.number, body: "/merge", as: "dana" });
    balancer.mode = "fan-out";
    await settle();
    balancer.mode = "round-robin";

    const production = github.deployments(repo).filter((d) => d.environment === "production");
    expect(production.map((d) => [d.sha, d.statuses.at(-1)?.state])).toEqual([[example.release, "success"]]);
    const push = github.deliveries.filter((d) => d.event === "push" && (d.payload.ref as string) === "refs/heads/production").at(-1)!;
    expect(balancer.routed.get(push.guid)).toEqual([0, 1]);
  });

  it("runs the drift schedule of each environment on one replica only", async () => {
    const [a, b] = await Promise.all(replicas.map((r) => r.drift!.runOnce()));

    const led = (runs: NonNullable<typeof a>) => runs.filter((r) => r.outcome.status !== "not-leader").map((r) => r.environment).sort();
    expect([...led(a!), ...led(b!)].sort()).toEqual(["production", "staging"]);
    expect([...a!, ...b!].filter((r) => r.outcome.status === "not-leader")).toHaveLength(2);
  });
});
