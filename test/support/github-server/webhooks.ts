/**
 * Sends webhooks the way GitHub does: a JSON POST to the app's URL signed with
 * HMAC-SHA256 of the webhook secret, with GitHub's delivery headers. Payloads get
 * the common fields (installation, repository, organization, sender), are completed
 * from the webhook schema in GitHub's description and, in checking mode, validated
 * against it. Every delivery is recorded and awaited so tests can wait until the
 * app has finished handling everything.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { ServerCore } from "./core.ts";
import { conformToSchema } from "./openapi/conform.ts";
import { loadSchemaValidator } from "./openapi/validate.ts";
import { nodeId, repositoryShape, simpleUser } from "./shapes/account.ts";
import type { RepoState, User } from "./state.ts";

/** One webhook delivery (a redelivery is a new record with the same GUID). */
export interface Delivery {
  readonly id: number;
  readonly guid: string;
  readonly event: string;
  readonly action: string | undefined;
  readonly payload: Record<string, unknown>;
  readonly redelivery: boolean;
  /** HTTP status the app answered with; undefined while pending or when it could not be reached. */
  status: number | undefined;
  error: string | undefined;
  done: Promise<void>;
}

/** Where and how webhooks are sent. */
export interface WebhookTarget {
  url: string | undefined;
  readonly secret: string;
  readonly checkPayloads: boolean;
}

/** Signs, sends and records webhooks. */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly core: ServerCore, readonly target: WebhookTarget) {}

  /** Sends `event` for a repository as `sender`; `payload` holds the event-specific fields. */
  send(params: { event: string; repo: RepoState; sender: User; payload: Record<string, unknown> }): Delivery {
    const { event, repo, sender } = params;
    const full: Record<string, unknown> = {
      ...params.payload,
      repository: repositoryShape(this.core, repo),
      ...(repo.owner.type === "Organization" ? { organization: organizationShape(this.core, repo.owner) } : {}),
      sender: simpleUser(this.core, sender),
      installation: { id: this.core.options.installationId, node_id: nodeId("I", this.core.options.installationId) },
    };
    const action = typeof full.action === "string" ? full.action : undefined;
    const completed = this.complete(event, action, full);
    return this.deliver({ event, action, payload: completed, guid: randomUUID(), redelivery: false });
  }

  /** Sends a recorded delivery again with the same GUID, as GitHub's "Redeliver" does. */
  redeliver(deliveryId: number): Delivery {
    const d = this.deliveries.find((x) => x.id === deliveryId);
    if (d === undefined) throw new Error(`no webhook delivery with id ${deliveryId}; see server.deliveries`);
    return this.deliver({ event: d.event, action: d.action, payload: d.payload, guid: d.guid, redelivery: true });
  }

  /**
   * Sends a recorded delivery's event again as a new delivery (a new GUID): the same
   * event twice, or an old one arriving late, after newer ones.
   */
  resend(deliveryId: number): Delivery {
    const d = this.deliveries.find((x) => x.id === deliveryId);
    if (d === undefined) throw new Error(`no webhook delivery with id ${deliveryId}; see server.deliveries`);
    return this.deliver({ event: d.event, action: d.action, payload: d.payload, guid: randomUUID(), redelivery: false });
  }

  /** Resolves when no delivery is in flight, including ones started while waiting. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private complete(event: string, action: string | undefined, payload: Record<string, unknown>): Record<string, unknown> {
    const validator = loadSchemaValidator();
    const name = `${event}${action ? `-${action}` : ""}`.replaceAll("_", "-");
    const pointer = validator.webhookPointer(name);
    if (pointer === undefined) return payload;
    const completed = conformToSchema(validator.api, pointer, payload) as Record<string, unknown>;
    if (this.target.checkPayloads) {
      const problems = validator.checkAt(pointer, completed, "webhook");
      if (problems.length > 0) this.core.violation({ kind: "webhook", method: "POST", path: name, operationId: undefined, problems });
    }
    return completed;
  }

  private deliver(params: { event: string; action: string | undefined; payload: Record<string, unknown>; guid: string; redelivery: boolean }): Delivery {
    const delivery: Delivery = { id: this.core.nextId(), ...params, status: undefined, error: undefined, done: Promise.resolve() };
    this.deliveries.push(delivery);
    const done = this.post(delivery).finally(() => this.inFlight.delete(done));
    delivery.done = done;
    this.inFlight.add(done);
    return delivery;
  }

  private async post(d: Delivery): Promise<void> {
    const url = this.target.url;
    if (url === undefined) {
      d.error = "no webhook URL configured";
      return;
    }
    const body = JSON.stringify(d.payload);
    const sign = (alg: "sha1" | "sha256") => `${alg}=${createHmac(alg, this.target.secret).update(body).digest("hex")}`;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/test",
          "x-github-event": d.event,
          "x-github-delivery": d.guid,
          "x-github-hook-id": "1",
          "x-github-hook-installation-target-id": String(this.core.options.appId),
          "x-github-hook-installation-target-type": "integration",
          "x-hub-signature": sign("sha1"),
          "x-hub-signature-256": sign("sha256"),
        },
        body,
      });
      await res.text();
      d.status = res.status;
    } catch (err) {
      d.error = err instanceof Error ? err.message : String(err);
    }
  }
}

function organizationShape(core: ServerCore, org: User): Record<string, unknown> {
  const url = `${core.apiUrl}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("O", org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${core.options.url}/avatars/${org.id}`,
    description: null,
  };
}
