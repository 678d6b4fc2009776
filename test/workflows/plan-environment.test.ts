import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitTreeSource } from "../../src/cli/git-tree-source.ts";
import { main, type CliIo } from "../../src/cli/main.ts";
import { planEnvironment } from "../../src/workflows/plan-environment.ts";
import { createTestRepo, type TestRepo } from "../support/git-repo.ts";

const deployment = (image: string, replicas: number): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const secret = (value: string): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${value}\n`;

describe("planEnvironment over a real git repository", () => {
  let repo: TestRepo;
  let first: string;
  let second: string;

  beforeAll(() => {
    repo = createTestRepo();
    first = repo.commit({
      "production/kustomization.yaml": "namespace: shop\nresources: [web.yaml, secret.yaml]\n",
      "production/web.yaml": deployment("ghcr.io/acme/web:1.0", 2),
      "production/secret.yaml": secret("CANARY-s3cr3t-one"),
    });
    second = repo.commit({ "production/web.yaml": deployment("ghcr.io/acme/web:1.1", 3), "production/secret.yaml": secret("CANARY-s3cr3t-two") });
  });
  afterAll(() => repo.remove());

  it("diffs the environment's path between two refs and notes the assumed layout", async () => {
    const plan = await planEnvironment({ environment: "production", from: first, to: "main", trees: gitTreeSource(repo.dir) });

    expect(plan.context.from.sha).toBe(first);
    expect(plan.context.to.sha).toBe(second);
    expect(plan.diff.counts).toEqual({ added: 0, removed: 0, changed: 2, renamed: 0, unchanged: 0 });
    expect(plan.diff.highlights.images).toEqual([{ key: "apps/Deployment/shop/web", container: "web", before: "ghcr.io/acme/web:1.0", after: "ghcr.io/acme/web:1.1" }]);
    expect(plan.diff.highlights.secrets).toEqual([{ key: "/Secret/shop/db", fields: [{ path: "/stringData/password", change: "changed" }] }]);
    expect(plan.context.notes?.[0]).toMatch(/^No \.github\/ferry\.yml on HEAD: assumed the conventional layout/);
    expect(plan.context.notes?.at(-1)).toBe("Rendered by Ferry's built-in renderer.");
  });

  it.each([
    { name: "rejects an unknown environment and lists the known ones", environment: "prod", settings: undefined, error: 'unknown environment "prod"; use one of: staging, production' },
    { name: "rejects invalid explicit settings with the key path", environment: "production", settings: "environments:\n  - name: production\n    pth: x\n", error: 'environments[0].pth: unknown key "pth"' },
  ])("$name", async ({ environment, settings, error }) => {
    const run = planEnvironment({ environment, from: first, to: second, trees: gitTreeSource(repo.dir), ...(settings !== undefined && { settingsText: { text: settings, file: "ferry.yml" } }) });

    await expect(run).rejects.toThrow(error);
  });

  it.each([
    { name: "prints markdown with the report marker", args: [], expected: /^<!-- ferry:report environment=production part=1 -->/ },
    { name: "prints plain text", args: ["--format", "text"], expected: /^Ferry plan for production: [0-9a-f]{7} -> [0-9a-f]{7}\n/ },
    { name: "prints JSON", args: ["--format=json"], expected: /^\{\n {2}"environment": "production"/ },
  ])("ferry plan $name and never the secret", async ({ args, expected }) => {
    let out = "";
    const io: CliIo = { cwd: repo.dir, env: {}, stdout: (t) => void (out += t), stderr: (t) => void (out += t) };

    const code = await main(["plan", "--env", "production", "--from", first, "--to", second, ...args], io);

    expect(code).toBe(0);
    expect(out).toMatch(expected);
    expect(out).not.toContain("CANARY");
  });

  it("ferry plan reports usage errors with exit code 2", async () => {
    let err = "";
    const io: CliIo = { cwd: repo.dir, env: {}, stdout: () => undefined, stderr: (t) => void (err += t) };

    const code = await main(["plan", "--env", "production", "--from", first, "--format", "yaml", "--to", second], io);

    expect(code).toBe(2);
    expect(err).toContain('unknown format "yaml"; use one of: markdown, text, json');
  });
});
