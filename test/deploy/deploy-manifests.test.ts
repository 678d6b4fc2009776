import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { main, type CliIo } from "../../src/cli/main.ts";
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";

/**
 * deploy/ (Ferry's own kustomize base and the example overlay): the built-in renderer
 * and `kubectl kustomize` give the same bytes, the default `ferry/policy` rules pass,
 * and the Kubernetes test server accepts a server-side dry-run apply of it with kubectl.
 */
const root = join(import.meta.dirname, "../..");
const run = promisify(execFile);
const DIRS = ["deploy/base", "deploy/overlays/example"];

async function cli(args: string[], cwd = root): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { cwd, env: {}, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  return { code: await main(args, io), out, err };
}
const kustomize = async (dir: string) => (await run("kubectl", ["kustomize", join(root, dir)], { encoding: "utf8" })).stdout;
type Obj = { kind: string; metadata: { name: string }; spec?: Record<string, unknown> };
const objects = async (dir: string) => parseAllDocuments(await kustomize(dir)).map((d) => d.toJS() as Obj);

describe("deploy/", () => {
  let server: KubeTestServer;
  let repo: string;
  let kubeconfig: string;
  beforeAll(async () => {
    server = await KubeTestServer.start();
    repo = mkdtempSync(join(tmpdir(), "ferry-deploy-"));
    kubeconfig = join(repo, "kubeconfig");
    await server.writeKubeconfig(kubeconfig);
    cpSync(join(root, "deploy"), join(repo, "deploy"), { recursive: true });
    const git = (...args: string[]) => run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo });
    await git("init", "-q", "-b", "main");
    await git("add", ".");
    await git("commit", "-qm", "deploy");
  });
  afterAll(async () => {
    await server.stop();
    rmSync(repo, { recursive: true, force: true });
  });

  it.each(DIRS)("%s renders identically with ferry render and kubectl kustomize", async (dir) => {
    const ferry = await cli(["render", dir]);

    expect(ferry.err).toBe("");
    expect(ferry.out).toBe(await kustomize(dir));
  });

  it.each(DIRS)("%s passes ferry check with the default rules", async (dir) => {
    const config = join(repo, `${dir.replaceAll("/", "-")}.yml`);
    writeFileSync(config, `environments:\n  - name: ferry\n    branch: main\n    path: ${dir}\n`);

    const result = await cli(["check", "--env", "ferry", "--config", config], repo);

    expect(result.out).toBe("ferry: 0 error(s), 0 warning(s), 0 notice(s)\n");
    expect(result.code).toBe(0);
  });

  it.each(DIRS)("%s is accepted by a server-side dry-run apply (kubectl against the Kubernetes test server)", async (dir) => {
    // As in docs/deploy.md: the namespace (and its Secrets) exist before the apply.
    await run("kubectl", ["--kubeconfig", kubeconfig, "create", "namespace", "ferry-system"]).catch(() => undefined);

    const { stdout } = await run("kubectl", ["--kubeconfig", kubeconfig, "apply", "--server-side", "--dry-run=server", "-k", join(root, dir)], { encoding: "utf8" });

    const lines = stdout.trim().split("\n");
    expect(lines.length).toBe((await objects(dir)).length);
    expect(lines.every((l) => l.endsWith("serverside-applied (server dry run)"))).toBe(true);
  });

  it("runs two hardened replicas whose shutdown fits in the grace period", async () => {
    const all = await objects("deploy/base");
    const deployment = all.find((o) => o.kind === "Deployment") as unknown as { spec: { replicas: number; template: { spec: unknown } } };
    const pod = deployment.spec.template.spec as { terminationGracePeriodSeconds: number; securityContext: Record<string, unknown>; containers: { env: { name: string; value?: string }[]; securityContext: Record<string, unknown>; readinessProbe: { httpGet: { path: string } }; livenessProbe: { httpGet: { path: string } }; lifecycle: { preStop: { exec: { command: string[] } } }; volumeMounts: { mountPath: string }[] }[]; volumes: { name: string; emptyDir?: unknown }[] };
    const [container] = pod.containers;
    const shutdown = Number(container!.env.find((e) => e.name === "FERRY_SHUTDOWN_SECONDS")?.value);
    const preStop = Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(container!.lifecycle.preStop.exec.command.join(" "))?.[1]) / 1000;

    expect(all.map((o) => o.kind).sort()).toEqual(["ClusterRole", "ClusterRoleBinding", "Deployment", "Namespace", "NetworkPolicy", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount"]);
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container!.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } });
    expect([container!.livenessProbe.httpGet.path, container!.readinessProbe.httpGet.path]).toEqual(["/healthz", "/readyz"]);
    expect(container!.volumeMounts.map((m) => m.mountPath)).toContain("/tmp");
    expect(preStop + shutdown).toBeLessThan(pod.terminationGracePeriodSeconds);
  });
});
