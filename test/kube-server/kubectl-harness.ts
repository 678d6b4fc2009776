/**
 * Runs the real kubectl against a fresh Kubernetes test server. kubectl runs
 * asynchronously so the server, in the same process, keeps answering.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeTestServer, type KubeTestServerOptions } from "../support/kube-server/kube-test-server.ts";

/** The result of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A test server with a kubeconfig and a kubectl runner. */
export interface KubectlHarness {
  server: KubeTestServer;
  kubectl(...args: string[]): Promise<KubectlResult>;
  close(): Promise<void>;
}

/** Returns the path of a fixture under fixtures/kube/app. */
export function fixture(name: string): string {
  return new URL(`../../fixtures/kube/app/${name}`, import.meta.url).pathname;
}

/** Starts a server, writes its kubeconfig to a temp dir and returns the harness. */
export async function startKubectlHarness(options: KubeTestServerOptions = {}): Promise<KubectlHarness> {
  const server = await KubeTestServer.start(options);
  const dir = mkdtempSync(join(tmpdir(), "ferry-kube-"));
  const kubeconfig = join(dir, "kubeconfig");
  await server.writeKubeconfig(kubeconfig);
  const kubectl = (...args: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      execFile("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, "cache") }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  return {
    server,
    kubectl,
    close: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
