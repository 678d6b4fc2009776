/**
 * The end-to-end harness: the GitHub test server seeded with the example config repo
 * (branches main, staging, production), and the real Ferry Probot server over HTTP,
 * receiving signed webhooks. Used by test/e2e and the demo.
 */
import { rmSync } from "node:fs";
import { createExampleRepo, type ExampleRepo } from "../../src/cli/example-repo.ts";
import { startFerryServer, type RunningFerry } from "../../src/start-server.ts";
import { GitHubTestServer } from "./github-server/github-test-server.ts";

export interface FerryHarness {
  readonly github: GitHubTestServer;
  readonly ferry: RunningFerry;
  readonly example: ExampleRepo;
  /** Creates another repository `acme/<name>` from the example repo (a fresh one per test). */
  newRepo(name: string): Promise<string>;
  /** Waits until GitHub has delivered every webhook and Ferry has finished every handler. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the GitHub test server with `acme/config` and Ferry against it. */
export async function startFerryHarness(options: { logLevel?: string; env?: Readonly<Record<string, string>> } = {}): Promise<FerryHarness> {
  const example = await createExampleRepo();
  const github = await GitHubTestServer.start();
  await github.createRepo({ name: "config", from: example.dir });
  const ferry = await startFerryServer({ env: { ...github.env(), ...options.env }, logLevel: options.logLevel ?? "silent" });
  github.setWebhookUrl(ferry.webhookUrl);
  return {
    github,
    ferry,
    example,
    settle: () => settle(github, ferry),
    async newRepo(name: string) {
      await github.createRepo({ name, from: example.dir });
      return `acme/${name}`;
    },
    async stop() {
      await settle(github, ferry);
      await ferry.stop();
      await github.stop();
      rmSync(example.dir, { recursive: true, force: true });
    },
  };
}

// Handlers cause new webhooks (a PR Ferry opens sends pull_request.opened), so wait until
// both sides are quiet at once.
async function settle(github: GitHubTestServer, ferry: RunningFerry): Promise<void> {
  for (;;) {
    const before = github.deliveries.length;
    await github.settled();
    await ferry.idle();
    await github.settled();
    if (github.deliveries.length === before) return;
  }
}
