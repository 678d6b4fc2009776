import { createHmac } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_WEBHOOK_BYTES } from "../../src/adapters/http/ops-endpoints.ts";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * Hostile webhook deliveries posted straight at the real Probot server: malformed JSON,
 * wrong or missing signatures, signed payloads without the fields Ferry reads, and
 * bodies larger than GitHub ever sends. Each is answered (4xx, or 200 and ignored with
 * a warning), the server stays up, no handler calls GitHub with half a payload, and
 * no log line at debug level holds the webhook secret or the private key.
 */
describe("evil webhook deliveries", () => {
  let h: FerryHarness;
  let secret: string;
  const lines: string[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  beforeAll(async () => {
    h = await startFerryHarness({ logLevel: "debug", logDestination: logs });
    secret = h.github.env().WEBHOOK_SECRET!;
  });
  afterAll(async () => {
    const env = h.github.env();
    for (const credential of [env.WEBHOOK_SECRET!, env.PRIVATE_KEY!.split("\n")[1]!]) expect(lines.filter((l) => l.includes(credential))).toEqual([]);
    expect((await fetch(`${h.ferry.url}/healthz`)).status).toBe(200);
    await h.stop();
  });

  let delivery = 0;
  async function post(event: string, body: string | Buffer, signature: string | null = sign(body)): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": `evil-${++delivery}` };
    if (signature !== null) headers["x-hub-signature-256"] = signature;
    const res = await fetch(h.ferry.webhookUrl, { method: "POST", body, headers });
    return { status: res.status, text: await res.text() };
  }
  const sign = (body: string | Buffer) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const repository = { name: "config", full_name: "acme/config", owner: { login: "acme" }, default_branch: "main" };
  const installation = { id: 4242 };

  it.each([
    { name: "malformed JSON", event: "issue_comment", body: "{not json", status: 400 },
    { name: "a wrong signature", event: "issue_comment", body: "{}", signature: "sha256=00", status: 400 },
    { name: "no signature", event: "issue_comment", body: "{}", signature: null, status: 400 },
  ])("refuses $name with $status", async ({ event, body, signature, status }) => {
    h.github.clearLogs();

    const res = await post(event, body, signature);
    await h.settle();

    expect(res.status).toBe(status);
    expect(h.github.requests).toEqual([]);
  });

  it.each([
    { name: "a comment event without the comment", event: "issue_comment", payload: { action: "created", repository, installation, sender: { login: "dana", type: "User" }, issue: { number: 1 } }, missing: ["comment.id (number)", "comment.body (string or null)"] },
    { name: "a comment event without a repository", event: "issue_comment", payload: { action: "created", installation, sender: { login: "dana", type: "User" }, issue: { number: 1 }, comment: { id: 1, body: "/promote production", user: { login: "dana", type: "User" } } }, missing: ["repository.name (string)", "repository.owner.login (string)"] },
    { name: "a pull request event without the pull request", event: "pull_request", payload: { action: "opened", repository, installation, sender: { login: "dana" } }, missing: ["pull_request.number (number)"] },
    { name: "a push whose ref is a number", event: "push", payload: { ref: 5, after: "0".repeat(40), repository, installation }, missing: ["ref (string)"] },
    { name: "a push without after", event: "push", payload: { ref: "refs/heads/production", repository, installation }, missing: ["after (string)"] },
    { name: "a check run without its name", event: "check_run", payload: { action: "rerequested", repository, installation, check_run: { id: 1 } }, missing: ["check_run.name (string)"] },
  ])("answers $name, logs what it lacks and calls GitHub for nothing", async ({ event, payload, missing }) => {
    h.github.clearLogs();
    const before = lines.length;

    const res = await post(event, JSON.stringify(payload));
    await h.settle();

    expect(res.status).toBe(200);
    expect(h.github.requests).toEqual([]);
    const warnings = lines.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string; missing?: string[] }).filter((l) => l.level >= 40);
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) {
      expect(w.msg).toBe("webhook payload lacks fields Ferry reads; delivery ignored");
      expect(w.missing).toEqual(expect.arrayContaining(missing));
    }
  });

  it("refuses a body over GitHub's 25 MB by its Content-Length before reading it", async () => {
    const body = Buffer.alloc(MAX_WEBHOOK_BYTES + 1, 0x20);

    const res = await post("push", body, "sha256=00");

    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ error: `webhook payload over ${MAX_WEBHOOK_BYTES} bytes, more than GitHub sends` });
  });

  it("stops reading a chunked body without a length once it passes 25 MB", async () => {
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const stream = new Readable({
      read() {
        sent += chunk.length;
        this.push(sent <= 40 * chunk.length ? chunk : null);
      },
    });

    const outcome = await fetch(h.ferry.webhookUrl, { method: "POST", body: Readable.toWeb(stream) as ReadableStream, duplex: "half", headers: { "x-github-event": "push", "x-github-delivery": "evil-chunked" } } as RequestInit).then(
      (res) => res.status,
      () => "connection closed",
    );

    expect([413, "connection closed"]).toContain(outcome);
    expect(sent).toBeLessThan(40 * chunk.length);
  });

  it("still handles a good delivery after all of that", async () => {
    h.github.setPermission({ user: "dana", permission: "maintain" });
    const issue = h.github.createIssueAs({ title: "after the storm", as: "dana" });

    h.github.comment({ issue, body: "/help", as: "dana" });
    await h.settle();

    expect(h.github.comments(issue).filter((c) => c.user.login === "ferry[bot]")).toHaveLength(1);
  });
});
