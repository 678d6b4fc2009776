import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../../src/cli/main.ts";
import { createTestRepo, type TestRepo } from "../../support/git-repo.ts";
import { KubeTestServer } from "../../support/kube-server/kube-test-server.ts";
import { configMap, envFiles } from "./cluster-test-kit.ts";

let server: KubeTestServer;
let repo: TestRepo;
let kubeconfig: string;
let commit: string;
beforeAll(async () => {
  server = await KubeTestServer.start();
  repo = createTestRepo();
  commit = repo.commit({ ...envFiles("cli", [configMap("settings")]), ".github/ferry.yml": "environments:\n- name: cli\n  path: env\n" });
  kubeconfig = join(repo.dir, ".git", "kubeconfig");
  writeFileSync(kubeconfig, server.kubeconfigYaml(), { mode: 0o600 });
});
afterAll(async () => {
  await server.stop();
  repo.remove();
});

async function ferry(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { cwd: repo.dir, env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe("ferry apply", () => {
  it("with --dry-run checks every object on the server and changes nothing", async () => {
    const result = await ferry("apply", "--env", "cli", "--ref", "HEAD", "--kubeconfig", kubeconfig, "--dry-run");

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`cli at ${commit.slice(0, 7)}: dry-run`);
    expect(server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "cli", name: "settings" })).toBeUndefined();
  });

  it("applies and prints one line per object", async () => {
    const result = await ferry("apply", "--env", "cli", "--ref", "HEAD", "--kubeconfig", kubeconfig);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("created    /ConfigMap/cli/settings");
    expect(result.stdout).not.toContain(server.token);
    expect(server.getObject({ apiVersion: "v1", kind: "ConfigMap", namespace: "cli", name: "settings" })).toBeDefined();
  });

  it.each([
    { name: "a missing --kubeconfig is a usage error", args: ["apply", "--env", "cli", "--ref", "HEAD"], stderr: /--kubeconfig is required/ },
    { name: "an unknown environment is a usage error", args: ["apply", "--env", "nope", "--ref", "HEAD", "--kubeconfig", "x"], stderr: /unknown environment "nope"/ },
  ])("$name", async ({ args, stderr }) => {
    const result = await ferry(...args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(stderr);
  });
});
