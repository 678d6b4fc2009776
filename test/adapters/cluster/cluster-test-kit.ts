/**
 * Shared set-up of the cluster adapter tests: a Kubernetes test API server, a
 * connector with Ferry's credentials for it, and an environment rendered from an
 * in-memory tree.
 */
import { loadClusters } from "../../../src/adapters/cluster/index.ts";
import type { KubeClusterOptions } from "../../../src/adapters/cluster/index.ts";
import type { EnvironmentOutcome } from "../../../src/core/plan/index.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";
import { applyEnvironment } from "../../../src/workflows/apply-environment.ts";
import type { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";

/** A Deployment manifest (YAML) with one container. */
export function deployment(name: string, image = "nginx:1.27", replicas = 2): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: ${name}, image: "${image}"}]}
`;
}

/** A ConfigMap manifest (YAML). */
export function configMap(name: string, data: Record<string, string> = { a: "b" }): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: ${JSON.stringify(data)}\n`;
}

/** Returns the files of an environment directory `env/` in namespace `ns` holding `docs`. */
export function envFiles(ns: string, docs: string[]): Record<string, string> {
  const files: Record<string, string> = {
    "env/kustomization.yaml": `namespace: ${ns}\nresources:\n- ns.yaml\n${docs.map((_, i) => `- r${i}.yaml\n`).join("")}`,
    "env/ns.yaml": `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n`,
  };
  docs.forEach((d, i) => (files[`env/r${i}.yaml`] = d));
  return files;
}

/** Returns an `apply(files, sha)` bound to one environment and the server. */
export function applier(server: KubeTestServer, params: { environment: string; healthTimeout?: number; options?: KubeClusterOptions; lockWaitSeconds?: number }) {
  const connect = loadClusters({ FERRY_CLUSTERS: JSON.stringify({ test: { kubeconfigContent: server.kubeconfigYaml() } }) }, { pollMs: 50, ...params.options });
  return (files: Record<string, string>, sha: string, extra: { dryRunOnly?: boolean } = {}): Promise<EnvironmentOutcome> =>
    applyEnvironment({
      tree: buildMemoryFileTree(files),
      environment: { name: params.environment, path: "env", clusters: ["test"], apply: { prune: true, healthTimeout: params.healthTimeout ?? 20 } },
      sha,
      connect,
      lockWaitSeconds: params.lockWaitSeconds ?? 30,
      clock: { now: () => new Date() },
      sleep: (ms) => new Promise((done) => setTimeout(done, Math.min(ms, 100))),
      ...extra,
    });
}

/** Returns a 40-hex SHA made from a short tag. */
export function sha(tag: string): string {
  return tag.padEnd(40, "0");
}
