import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.ts";
import { createTestRepo, type TestRepo } from "../support/git-repo.ts";
import { FluxStandIn } from "../support/kube-server/flux-stand-in.ts";
import { installFlux } from "../support/kube-server/install-engines.ts";
import { KubeTestServer } from "../support/kube-server/kube-test-server.ts";

const SETTINGS = "environments:\n  - name: production\n    apply: { engine: flux, flux: { kustomization: flux-system/apps-production } }\n";

describe("ferry apply --env for an environment Flux deploys", () => {
  let server: KubeTestServer;
  let flux: FluxStandIn;
  let repo: TestRepo;
  let dir: string;
  let sha: string;
  beforeAll(async () => {
    repo = createTestRepo();
    sha = repo.commit({ ".github/ferry.yml": SETTINGS, "production/kustomization.yaml": "resources: [cm.yaml]\n", "production/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n" });
    server = await KubeTestServer.start();
    await installFlux(server, { branch: "main", path: "production", kustomization: "apps-production" });
    flux = FluxStandIn.start({ server, revisionOf: () => sha });
    dir = mkdtempSync(join(tmpdir(), "ferry-cli-engine-"));
    await server.writeKubeconfig(join(dir, "kubeconfig"));
  });
  afterAll(async () => {
    flux.stop();
    await server.stop();
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = async (...extra: string[]) => {
    const out: string[] = [];
    const io: CliIo = { cwd: repo.dir, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) };
    const code = await main(["apply", "--env", "production", "--ref", "main", "--kubeconfig", join(dir, "kubeconfig"), ...extra], io);
    return { code, text: out.join("") };
  };

  it("asks Flux and reports its verdict, applying nothing itself", async () => {
    const { code, text } = await run();

    expect(code).toBe(0);
    expect(text).toContain(`Kustomization flux-system/apps-production applied main@sha1:${sha}`);
    expect(server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "web" })).toBeUndefined();
  });

  it("with --dry-run only checks the engine's objects", async () => {
    const { code, text } = await run("--dry-run");

    expect(code).toBe(0);
    expect(text).toContain("Flux Kustomization flux-system/apps-production and GitRepository flux-system/config found; nothing requested (dry run)");
  });
});
