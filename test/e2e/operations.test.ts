import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * Issue #13's operations through the real server over HTTP: /healthz, /readyz with
 * every cluster probed, /metrics after a real /promote, a redelivered webhook that
 * does its work once, JSON logs that carry the delivery's fields and never a secret,
 * and a graceful shutdown that refuses webhooks and fails readiness.
 */
describe("operating Ferry", () => {
  let h: FerryHarness;
  const repo = "acme/config";
  const lines: string[] = [];
  // A Secret value in the repository, and the App's credentials: none may reach a log line.
  const canary = "canary-7f3e9b1d-secret-value";
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });

  beforeAll(async () => {
    h = await startFerryHarness({ cluster: true, logLevel: "trace", logDestination: logs, env: { FERRY_CLUSTER_UNREACHABLE_KUBECONFIG: "/nonexistent/kubeconfig" } });
    h.github.setPermission({ user: "dana", permission: "maintain" });
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: canary\nstringData:\n  token: ${canary}\n`;
    const kustomization = (await h.github.readFile("staging", "production/kustomization.yaml", repo))!;
    await h.github.commit({ repo, branch: "staging", files: { "production/canary-secret.yaml": secret, "production/kustomization.yaml": kustomization.replace("resources:\n", "resources:\n  - canary-secret.yaml\n") }, message: "Add a canary Secret", as: "dana" });
    await h.settle();
  });
  afterAll(async () => {
    expect(h.github.violations).toEqual([]);
    await h.stop();
  });
  const get = async (path: string) => {
    const res = await fetch(`${h.ferry.url}${path}`);
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  const sample = (text: string, name: string, labels: string) => Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, "m").exec(text)?.[1] ?? "0");

  it("answers /healthz while up", async () => {
    const res = await get("/healthz");

    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: "ok" });
  });

  it("reports readiness with every cluster probed, an unreachable one named but not gating", async () => {
    const res = await get("/readyz");

    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      status: "ready",
      checks: { settings: "ok", privateKey: "ok", shutdown: "no" },
      clusters: { production: { status: "reachable" }, staging: { status: "reachable" }, unreachable: { status: "unreachable", message: expect.stringMatching(/^the kubeconfig of cluster unreachable from \/nonexistent\/kubeconfig cannot be read/) } },
    });
  });

  it("does a redelivered /promote once and counts deliveries, commands and GitHub requests in /metrics", async () => {
    const issue = h.github.createIssueAs({ repo, title: "Release", as: "dana" });
    h.github.comment({ repo, issue, body: "/promote production", as: "dana" });
    await h.settle();
    const delivery = h.github.deliveries.filter((d) => d.event === "issue_comment").at(-1)!;

    h.github.redeliver(delivery.id);
    await h.settle();
    const metrics = await get("/metrics");

    expect(h.github.comments(issue, repo).filter((c) => c.user.login === "ferry[bot]")).toHaveLength(1);
    const pull = h.github.pulls(repo).find((p) => p.pull?.headRef === "ferry/promote/production")!;
    expect(h.github.comments(pull.number, repo).map((c) => c.body).join("\n")).toContain("/Secret/shop-production/canary");
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    // Ferry's own replies are issue_comment deliveries too (handled by ignoring them).
    expect(sample(metrics.text, "ferry_webhook_deliveries_total", 'event="issue_comment",outcome="handled"')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics.text, "ferry_webhook_deliveries_total", 'event="issue_comment",outcome="duplicate"')).toBe(1);
    expect(sample(metrics.text, "ferry_command_duration_seconds_count", 'command="promote",outcome="ok"')).toBe(1);
    expect(sample(metrics.text, "ferry_github_requests_total", 'method="GET",status="2xx"')).toBeGreaterThan(0);
    expect(metrics.text).toMatch(/^ferry_github_rate_limit_remaining\{resource="core"\} \d+$/m);
    expect(metrics.text).toMatch(/^ferry_process_resident_memory_bytes \d+/m);
  });

  it("logs JSON lines that carry the delivery's fields and never a secret value or credential", () => {
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const handled = records.filter((r) => r.deliveryId !== undefined);

    expect(handled.length).toBeGreaterThan(0);
    expect(handled.every((r) => r.repo === repo && typeof r.event === "string")).toBe(true);
    expect(handled.some((r) => r.event === "issue_comment" && typeof r.pr === "number")).toBe(true);
    expect(handled.some((r) => r.event === "push" && r.branch === "staging" && typeof r.sha === "string")).toBe(true);
    const env = h.github.env();
    for (const secret of [canary, Buffer.from(canary).toString("base64"), env.WEBHOOK_SECRET, env.PRIVATE_KEY!.split("\n")[1]!]) expect(lines.filter((l) => l.includes(secret!))).toEqual([]);
  });

  it("on shutdown fails readiness and refuses webhooks, then stops", async () => {
    let release!: () => void;
    // Keep one handler in flight so the draining state can be observed.
    const held = h.ferry.deps.inflight.track(() => new Promise<void>((resolve) => (release = resolve)));
    const stopping = h.ferry.shutdown(30);

    const ready = await get("/readyz");
    const webhook = await fetch(h.ferry.webhookUrl, { method: "POST", headers: { "x-github-event": "ping", "content-type": "application/json" }, body: "{}" });
    release();
    await held;

    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text).checks.shutdown).toBe("in progress");
    expect(webhook.status).toBe(503);
    expect(await stopping).toBe("drained");
  });
});
