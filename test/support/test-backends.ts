/**
 * The backends several-server tests run Ferry against: the GitHub test server with
 * `acme/config` made from the example repo, and a Kubernetes test server (SealedSecret
 * CRD installed) with a kubeconfig file, for tests that start their own Ferry servers
 * or processes instead of the one-server harness.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createExampleRepo, type ExampleRepo } from "../../src/cli/example-repo.ts";
export { freePort } from "../../src/start-server.ts";
import { GitHubTestServer } from "./github-server/github-test-server.ts";
import { KubeTestServer } from "./kube-server/kube-test-server.ts";

/** Running backends. */
export interface TestBackends {
  readonly github: GitHubTestServer;
  readonly kube: KubeTestServer;
  readonly example: ExampleRepo;
  readonly kubeconfig: string;
  /** Ferry's environment for them: the App's credentials, staging and production on the one cluster. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts both test servers. */
export async function startTestBackends(): Promise<TestBackends> {
  const example = await createExampleRepo();
  const github = await GitHubTestServer.start();
  await github.createRepo({ name: "config", from: example.dir });
  const kube = await KubeTestServer.start();
  const dir = mkdtempSync(join(tmpdir(), "ferry-backends-"));
  const kubeconfig = join(dir, "kubeconfig");
  await kube.writeKubeconfig(kubeconfig);
  await promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", join(import.meta.dirname, "../../fixtures/kube/crds/sealedsecrets.yaml")]);
  return {
    github,
    kube,
    example,
    kubeconfig,
    env: { ...github.env(), FERRY_CLUSTER_STAGING_KUBECONFIG: kubeconfig, FERRY_CLUSTER_PRODUCTION_KUBECONFIG: kubeconfig },
    async stop() {
      await github.stop();
      await kube.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(example.dir, { recursive: true, force: true });
    },
  };
}

