/**
 * The end-to-end harness: the GitHub test server seeded with the example config repo
 * (branches main, staging, production), and the real Ferry Probot server over HTTP,
 * receiving signed webhooks. Used by test/e2e and the demo.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DestinationStream } from "pino";
import { createExampleRepo, type ExampleRepo } from "../../src/cli/example-repo.ts";
import { startFerryServer, type RunningFerry } from "../../src/start-server.ts";
import { GitHubTestServer } from "./github-server/github-test-server.ts";
import { KubeTestServer } from "./kube-server/kube-test-server.ts";

/** The cluster both example environments are applied to, when the harness has one. */
export interface HarnessCluster {
  readonly server: KubeTestServer;
  readonly kubeconfig: string;
  /** Runs the real kubectl against the cluster and returns its stdout (async: the server lives in this process). */
  kubectl(...args: string[]): Promise<string>;
}

export interface FerryHarness {
  readonly github: GitHubTestServer;
  readonly ferry: RunningFerry;
  readonly example: ExampleRepo;
  /** The Kubernetes test server staging and production are applied to, with `{ cluster: true }`. */
  readonly cluster: HarnessCluster | undefined;
  /** Creates another repository `acme/<name>` from the example repo (a fresh one per test). */
  newRepo(name: string): Promise<string>;
  /** Waits until GitHub has delivered every webhook and Ferry has finished every handler. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the GitHub test server with `acme/config` and Ferry against it. */
export async function startFerryHarness(options: { logLevel?: string; logDestination?: DestinationStream; env?: Readonly<Record<string, string>>; cluster?: boolean; throttle?: boolean; retryBaseMs?: number; githubTimeoutMs?: number } = {}): Promise<FerryHarness> {
  const example = await createExampleRepo();
  const github = await GitHubTestServer.start();
  await github.createRepo({ name: "config", from: example.dir });
  const cluster = options.cluster ? await startCluster() : undefined;
  // Ferry's cluster credentials come from its own environment, as in production.
  const clusterEnv = cluster ? { FERRY_CLUSTER_STAGING_KUBECONFIG: cluster.kubeconfig, FERRY_CLUSTER_PRODUCTION_KUBECONFIG: cluster.kubeconfig, FERRY_DRIFT_TICK_SECONDS: "0" } : {};
  const ferry = await startFerryServer({ env: { ...github.env(), ...clusterEnv, ...options.env }, logLevel: options.logLevel ?? "silent", ...(options.logDestination && { logDestination: options.logDestination }), throttle: options.throttle ?? false, ...(options.retryBaseMs !== undefined && { retryBaseMs: options.retryBaseMs }), ...(options.githubTimeoutMs !== undefined && { githubTimeoutMs: options.githubTimeoutMs }) });
  github.setWebhookUrl(ferry.webhookUrl);
  return {
    github,
    ferry,
    example,
    cluster,
    settle: () => settle(github, ferry),
    async newRepo(name: string) {
      await github.createRepo({ name, from: example.dir });
      return `acme/${name}`;
    },
    async stop() {
      await settle(github, ferry);
      await ferry.stop();
      await github.stop();
      await cluster?.server.stop();
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

async function startCluster(): Promise<HarnessCluster> {
  const server = await KubeTestServer.start();
  const kubeconfig = join(mkdtempSync(join(tmpdir(), "ferry-kube-")), "kubeconfig");
  await server.writeKubeconfig(kubeconfig);
  const kubectl = (...args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile("kubectl", ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8" }, (error, stdout, stderr) => (error ? reject(new Error(`kubectl ${args.join(" ")}: ${stderr}`)) : resolve(stdout)));
    });
  await kubectl("apply", "--server-side", "-f", join(import.meta.dirname, "../../fixtures/kube/crds/sealedsecrets.yaml"));
  return { server, kubeconfig, kubectl };
}
