import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { Probot, createNodeMiddleware } from "probot";
import { GitHubTestServer } from "../support/github-server/github-test-server.ts";
import { SEED_FILES } from "./harness.ts";

let gh: GitHubTestServer | undefined;
let app: Server | undefined;
afterEach(async () => {
  await gh?.stop();
  await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
  [gh, app] = [undefined, undefined];
});

/** Starts the test server and a minimal Probot app over HTTP that reacts and replies to comments. */
async function startProbot(params: { probotSecret?: string; config?: string }) {
  gh = await GitHubTestServer.start({ webhookSecret: "s3cret" });
  await gh.createRepo({ name: "config", files: { ...SEED_FILES, ...(params.config === undefined ? {} : { ".github/ferry.yml": params.config }) } });
  const probot = new Probot({ appId: gh.appId, privateKey: gh.privateKeyPem, secret: params.probotSecret ?? gh.webhookSecret, baseUrl: gh.apiUrl, logLevel: "fatal" });
  const seen: string[] = [];
  const middleware = await createNodeMiddleware(
    (p) => {
      p.on("issue_comment.created", async (context) => {
        if (context.isBot) return;
        seen.push(context.payload.comment.body);
        const config = await context.config<{ environments?: string[] }>("ferry.yml");
        await context.octokit.rest.reactions.createForIssueComment(context.repo({ comment_id: context.payload.comment.id, content: "eyes" as const }));
        await context.octokit.rest.issues.createComment(context.issue({ body: `environments: ${JSON.stringify(config?.environments ?? null)}` }));
      });
    },
    { probot, webhooksPath: "/api/github/webhooks" },
  );
  const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  app = server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  gh.setWebhookUrl(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/github/webhooks`);
  const issue = await gh.createIssueAs({ title: "Promotions", as: "alice" });
  return { gh, seen, issue };
}

describe("a real Probot app against the test server", () => {
  it("accepts the signed issue_comment webhook, authenticates as the installation and replies", async () => {
    const s = await startProbot({ config: "environments: [staging, production]\n" });

    const comment = s.gh.comment({ issue: s.issue, body: "/promote production", as: "alice" });
    await s.gh.settled();

    expect(s.seen).toEqual(["/promote production"]);
    expect(s.gh.deliveries.map((d) => [d.event, d.action, d.status])).toEqual([["issue_comment", "created", 200], ["issue_comment", "created", 200]]);
    expect(s.gh.reactions(comment.id).map((r) => r.content)).toEqual(["eyes"]);
    expect(s.gh.comments(s.issue).map((c) => `${c.user.login}: ${c.body}`)).toEqual(["alice: /promote production", 'ferry[bot]: environments: ["staging","production"]']);
    expect(s.gh.violations).toEqual([]);
  });

  it("answers Probot's config loader with 404 when .github/ferry.yml is missing", async () => {
    const s = await startProbot({});

    s.gh.comment({ issue: s.issue, body: "/help", as: "alice" });
    await s.gh.settled();

    expect(s.gh.comments(s.issue).at(-1)?.body).toBe("environments: null");
    expect(s.gh.requests.filter((r) => r.operationId === "repos/get-content").map((r) => `${r.path} ${r.status}`)).toEqual(["/repos/acme/config/contents/.github/ferry.yml 404", "/repos/acme/.github/contents/.github/ferry.yml 404"]);
    expect(s.gh.violations).toEqual([]);
  });

  it("redelivers a webhook with the same delivery id", async () => {
    const s = await startProbot({});
    s.gh.comment({ issue: s.issue, body: "/help", as: "alice" });
    await s.gh.settled();
    const first = s.gh.deliveries[0];

    const again = s.gh.redeliver(first?.id ?? 0);
    await s.gh.settled();

    expect(again).toMatchObject({ guid: first?.guid, redelivery: true, status: 200 });
    expect(s.seen).toEqual(["/help", "/help"]);
  });

  it("is rejected by Probot when signed with another secret", async () => {
    const s = await startProbot({ probotSecret: "other" });

    s.gh.comment({ issue: s.issue, body: "/help", as: "alice" });
    await s.gh.settled();

    expect(s.seen).toEqual([]);
    expect(s.gh.deliveries[0]?.status).toBeGreaterThanOrEqual(400);
  });
});
