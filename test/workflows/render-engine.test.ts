import { describe, expect, it } from "vitest";
import { readRenderers } from "../../src/adapters/kustomize/index.ts";
import { parseSettings, SETTINGS_FILE } from "../../src/config/index.ts";
import type { Renderers } from "../../src/core/render/index.ts";
import { buildMemoryFileTree } from "../../src/core/tree/memory-file-tree.ts";
import { applyEnvironment } from "../../src/workflows/apply-environment.ts";
import type { PullInfo } from "../../src/workflows/ports.ts";
import { publishReport } from "../../src/workflows/publish-report.ts";
import { readDrift } from "../../src/workflows/read-drift.ts";
import { runPolicyCheck } from "../../src/workflows/run-policy-check.ts";
import { FakeCluster, fakeTime } from "../support/fakes/fake-cluster.ts";
import { FakeRepoHost } from "../support/fakes/fake-repo-host.ts";

// `render.engine` end to end through the workflows that render: the real kustomize
// (kubectl on PATH) when the process has it, and a clear failure, never the built-in
// renderer's output, when it does not.
const KUSTOMIZE: Renderers = readRenderers({ PATH: process.env.PATH });
const settingsText = (engine: string) => `environments:\n  - name: production\n    render: { engine: ${engine} }\npolicy:\n  config:\n    approvals: 0\n`;
const configMap = (release: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\ndata: {release: "${release}"}\n`;

/** A PR into production changing a ConfigMap, with `render.engine: ENGINE` on the default branch. */
function setUp(engine: string) {
  const host = new FakeRepoHost();
  const kustomization = "resources: [web.yaml]\n";
  const root = host.addCommit({ parents: [], files: { [SETTINGS_FILE]: settingsText(engine), "production/kustomization.yaml": kustomization, "production/web.yaml": configMap("1.0.0") } });
  for (const branch of ["main", "production"]) host.branches.set(branch, root);
  const head = host.addCommit({ parents: [root], files: { "production/web.yaml": configMap("1.1.0") } });
  host.branches.set("feature", head);
  const pull: PullInfo = { number: 1, state: "open", merged: false, headRef: "feature", headSha: head, baseRef: "production", author: "dana" };
  host.pulls.push(pull);
  return { host, pull, settings: parseSettings(settingsText(engine)) };
}

describe("render.engine in the report", () => {
  it.each([
    { name: "says the built-in renderer rendered it", engine: "builtin", renderers: {}, says: "Rendered by Ferry's built-in renderer." },
    { name: "says kustomize rendered it, and shows kustomize's diff", engine: "kustomize", renderers: KUSTOMIZE, says: "Rendered by kustomize (`render.engine: kustomize`)." },
  ])("$name", async ({ engine, renderers, says }) => {
    const { host, pull, settings } = setUp(engine);

    await publishReport({ host, settings, pull, renderers });

    const body = host.comments.map((c) => c.body).join("\n");
    expect(body).toContain(says);
    expect(body).toContain("1.1.0");
  });

  it("fails closed, with no built-in render, when kustomize is chosen and this Ferry cannot run it", async () => {
    const { host, pull, settings } = setUp("kustomize");

    await publishReport({ host, settings, pull, renderers: {} });

    const body = host.comments.map((c) => c.body).join("\n");
    expect(body).toContain("Ferry could not render");
    expect(body).toContain("Rendered by kustomize (`render.engine: kustomize`): render.engine is kustomize");
    expect(body).not.toContain("release:");
  });
});

describe("render.engine in ferry/policy, drift and apply", () => {
  it.each([
    { name: "passes the policy check rendered by kustomize", renderers: KUSTOMIZE, conclusion: "success" },
    { name: "fails the policy check when kustomize is chosen and missing", renderers: {}, conclusion: "failure" },
  ])("$name", async ({ renderers, conclusion }) => {
    const { host, pull, settings } = setUp("kustomize");

    const outcome = await runPolicyCheck({ host, settings, pull, renderers });

    expect(outcome).toEqual({ status: "completed", conclusion });
  });

  const env = { name: "production", path: "production", clusters: ["prod"], apply: { prune: true, healthTimeout: 30 }, render: { engine: "kustomize" as const } };
  const tree = buildMemoryFileTree({ "production/kustomization.yaml": "resources: [cm.yaml]\n", "production/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\ndata: {a: b}\n" });

  it.each([
    { name: "applies what kustomize rendered", renderers: KUSTOMIZE, status: "applied", message: undefined },
    { name: "applies nothing when kustomize is chosen and missing", renderers: {}, status: "failed", message: "render.engine is kustomize" },
  ])("$name", async ({ renderers, status, message }) => {
    const cluster = new FakeCluster("prod");
    const time = fakeTime();

    const outcome = await applyEnvironment({ tree, environment: env, sha: "a".repeat(40), connect: async () => cluster, clock: time.clock, sleep: time.sleep, renderers });

    expect(outcome.status).toBe(status);
    if (message) expect(outcome.clusters[0]?.message).toContain(message);
    else expect(cluster.calls.some((c) => c.startsWith("apply"))).toBe(true);
  });

  it("reports drift as a render failure, never against the built-in render, when kustomize is missing", async () => {
    const cluster = new FakeCluster("prod");

    const drift = await readDrift({ tree, environment: env, ref: "production", sha: "a".repeat(40), ignore: [], connect: async () => cluster, clock: fakeTime().clock, renderers: {} });

    expect(drift.clusters[0]?.error?.message).toContain("render.engine is kustomize");
    expect(drift.clusters[0]?.items).toEqual([]);
  });
});
