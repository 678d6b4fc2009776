import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.ts";
import { createExampleRepo, type ExampleRepo } from "../../src/cli/example-repo.ts";
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";

/** `ferry status` on the example repository (git CLI) and the Kubernetes test server. */
describe("ferry status", () => {
  let repo: ExampleRepo;
  let kube: KubeTestServer;
  let kubeconfig: string;
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { cwd: repo.dir, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
    const code = await main(["status", ...args], io);
    return { code, out: out.join(""), err: err.join("") };
  };
  const kubectl = (...args: string[]) => new Promise<string>((done, fail) => execFile("kubectl", ["--kubeconfig", kubeconfig, ...args], (e, o, s) => (e ? fail(new Error(s)) : done(o))));

  beforeAll(async () => {
    repo = await createExampleRepo();
    kube = await KubeTestServer.start();
    kubeconfig = join(mkdtempSync(join(tmpdir(), "ferry-status-")), "kubeconfig");
    await kube.writeKubeconfig(kubeconfig);
    await kubectl("apply", "--server-side", "-f", join(import.meta.dirname, "../../fixtures/kube/crds/sealedsecrets.yaml"));
  });
  afterAll(async () => {
    await kube.stop();
    rmSync(repo.dir, { recursive: true, force: true });
  });

  it("prints each environment's head and what waits between them, and says GitHub-only parts are omitted", async () => {
    const { code, out } = await run();

    expect(code).toBe(0);
    expect(out).toContain(`staging (branch staging): head ${repo.release.slice(0, 7)}`);
    expect(out).toContain("staging → production: 1 commit waiting to go from staging to production");
    expect(out).toContain("to promote, comment: /promote production");
    expect(out).toContain("cluster production: no apply recorded · health not read · drift not read · not read: pass --kubeconfig");
    expect(out).toContain("note: GitHub-only parts omitted");
  });

  it("reads what each cluster runs, its health and drift with --kubeconfig, and prints the model as --json", async () => {
    const applied = await main(["apply", "--env", "production", "--ref", "production", "--kubeconfig", kubeconfig], { cwd: repo.dir, env: {}, stdout: () => undefined, stderr: () => undefined });
    expect(applied).toBe(0);
    const synced = await run("--kubeconfig", kubeconfig);
    await kubectl("scale", "-n", "shop-production", "deployment/worker", "--replicas=7");

    const drifted = JSON.parse((await run("--kubeconfig", kubeconfig, "--json")).out) as { environments: { name: string; clusters: { appliedShort?: string; drift: { state: string; objects: { key: string; words: string }[] } }[] }[] };

    expect(synced.out).toContain(`cluster production: applied ${repo.initial.slice(0, 7)} · healthy · in sync with git`);
    expect(synced.out).toContain("cluster staging: no apply recorded · not applied yet");
    const production = drifted.environments.find((e) => e.name === "production")?.clusters[0];
    expect(production?.drift.state).toBe("drifting");
    expect(production?.drift.objects).toEqual([{ key: "apps/Deployment/shop-production/worker", type: "modified", words: "changed on the cluster: /spec/replicas" }]);
  });
});
