/**
 * A stand-in for a Kubernetes Service in front of several Ferry replicas: forwards each
 * webhook POST to the next replica in turn (round robin), or, in `fan-out` mode, to
 * every replica at once (the same delivery reaching two replicas, as a retrying proxy
 * or a redelivery racing the original can cause). Answers with the first reply.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A running balancer. */
export interface WebhookBalancer {
  readonly url: string;
  /** How later deliveries are spread. */
  mode: "round-robin" | "fan-out";
  /** Which replica (index) each forwarded delivery went to, by delivery GUID. */
  readonly routed: Map<string, number[]>;
  stop(): Promise<void>;
}

/** Starts a balancer in front of `targets` (webhook URLs). */
export async function startWebhookBalancer(targets: readonly string[]): Promise<WebhookBalancer> {
  let next = 0;
  const routed = new Map<string, number[]>();
  const balancer: WebhookBalancer = { url: "", mode: "round-robin", routed, stop: () => new Promise((done) => server.close(() => done())) };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === "string" && !["host", "content-length", "connection"].includes(k))) as Record<string, string>;
      const picks = balancer.mode === "fan-out" ? targets.map((_, i) => i) : [next++ % targets.length];
      routed.set(headers["x-github-delivery"] ?? "", [...(routed.get(headers["x-github-delivery"] ?? "") ?? []), ...picks]);
      const sends = picks.map((i) => fetch(targets[i]!, { method: "POST", headers, body }).then(async (r) => ({ status: r.status, text: await r.text() })));
      void Promise.all(sends).then(
        ([first]) => res.writeHead(first!.status).end(first!.text),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  Object.assign(balancer, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks` });
  return balancer;
}
