import { describe, expect, it } from "vitest";
import { parseSettings, SETTINGS_FILE, type Settings } from "../../src/config/index.ts";
import type { PullInfo } from "../../src/workflows/ports.ts";
import { runPolicyCheck } from "../../src/workflows/run-policy-check.ts";
import { ConfigError } from "../../src/errors.ts";
import { FakeRepoHost } from "../support/fakes/fake-repo-host.ts";

const SETTINGS = `environments:
  - name: staging
  - name: production
    promotesFrom: staging
policy:
  secrets:
    reviewers: [acme/security]
  config:
    approvals: 0
`;
const deployment = (name: string, image = "ghcr.io/acme/web:1.0.0") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: ${image}
          resources: {requests: {cpu: 10m, memory: 10Mi}, limits: {memory: 20Mi}}
          readinessProbe: {tcpSocket: {port: 80}}
          livenessProbe: {tcpSocket: {port: 80}}
`;
const SEALED = "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: shop}\nspec:\n  encryptedData: {password: AgBy3i4OJSWKPiTySYZZA9rO43cGDEq6}\n";

/** A repository whose default branch `main` holds the settings; `staging` starts at the same commit. */
function setUp(files: Record<string, string> = {}) {
  const host = new FakeRepoHost();
  const root = host.addCommit({ parents: [], files: { [SETTINGS_FILE]: SETTINGS, "staging/web.yaml": deployment("web"), "production/web.yaml": deployment("web") } });
  host.branches.set("main", root);
  host.branches.set("staging", root);
  host.branches.set("production", root);
  const head = host.addCommit({ parents: [root], files });
  host.branches.set("feature", head);
  const pull: PullInfo = { number: 1, state: "open", merged: false, headRef: "feature", headSha: head, baseRef: "staging", author: "dana" };
  host.pulls.push(pull);
  return { host, pull, head };
}

/** Reads the settings as loadSettings does: from the default branch, never from the PR. */
async function defaultBranchSettings(host: FakeRepoHost): Promise<Settings> {
  const tree = await host.openTree(host.branches.get("main") as string);
  return parseSettings(await tree.read(SETTINGS_FILE));
}

function policyRun(host: FakeRepoHost, sha: string) {
  return host.checkRuns.get(`ferry/policy@${sha}`);
}

describe("runPolicyCheck", () => {
  it("makes a secret change wait for the secret team, then passes after its approval, updating one check run", async () => {
    const { host, pull, head } = setUp({ "staging/db.yaml": SEALED });
    host.teams.set("acme/security", ["sam"]);

    const first = await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull });
    const waiting = policyRun(host, head)?.output?.summary;
    host.approvals.set(1, [{ login: "sam", commitId: head }]);
    const second = await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull });

    expect(first).toEqual({ status: "completed", conclusion: "failure" });
    expect(waiting).toContain("waiting for an approving review on");
    expect(waiting).toContain("@acme/security");
    expect(second).toEqual({ status: "completed", conclusion: "success" });
    expect(host.checkRuns.size).toBe(1);
    expect(host.calls.filter((c) => c.startsWith("upsertCheckRun"))).toEqual([
      `upsertCheckRun ferry/policy ${head.slice(0, 7)} completed`,
      `upsertCheckRun ferry/policy ${head.slice(0, 7)} completed`,
    ]);
  });

  it.each([
    { name: "the author's own approval does not count", author: "sam", approver: "sam", onHead: true },
    { name: "an approval of an older commit does not count", author: "dana", approver: "sam", onHead: false },
    { name: "an approval by someone outside the secret team does not count", author: "dana", approver: "rob", onHead: true },
  ])("$name", async ({ author, approver, onHead }) => {
    const { host, pull, head } = setUp({ "staging/db.yaml": SEALED });
    host.teams.set("acme/security", ["sam"]);
    host.approvals.set(1, [{ login: approver, commitId: onHead ? head : "f".repeat(40) }]);

    const outcome = await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull: { ...pull, author } });

    expect(outcome).toEqual({ status: "completed", conclusion: "failure" });
  });

  it("judges a PR that switches a rule off in .github/ferry.yml by the default branch's rules", async () => {
    const loosened = `${SETTINGS}  rules:\n    secret-reviewer: {severity: "off"}\n  exemptions:\n    - {rule: secret-reviewer, resource: bitnami.com/SealedSecret/shop/db, reason: trust me}\n`;
    const { host, pull, head } = setUp({ "staging/db.yaml": SEALED, [SETTINGS_FILE]: loosened });

    const outcome = await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull });

    expect(outcome).toEqual({ status: "completed", conclusion: "failure" });
    expect(policyRun(host, head)?.output?.summary).toMatch(/`secret-reviewer` \| error \| :x: 1 error/);
  });

  it("fails closed with the reason when the settings are invalid", async () => {
    const { host, pull, head } = setUp();

    await runPolicyCheck({ host, settings: new ConfigError('invalid settings in ".github/ferry.yml" (1 problem):\n  policy.nope: unknown key'), pull });

    expect(policyRun(host, head)).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(policyRun(host, head)?.output?.summary).toContain("policy.nope: unknown key");
  });

  it("fails on a render error, annotated at its file", async () => {
    const { host, pull, head } = setUp({ "staging/broken.yaml": "kind: ConfigMap\nmetadata:\n  name: [x\n" });

    await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull });

    expect(policyRun(host, head)?.conclusion).toBe("failure");
    expect(policyRun(host, head)?.output?.annotations).toEqual([expect.objectContaining({ path: "staging/broken.yaml", level: "failure", title: "ferry/policy: renders" })]);
  });

  it("sends annotations 50 per request", async () => {
    const files = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`staging/w${i}.yaml`, deployment(`w${i}`, "nginx")]));
    const { host, pull, head } = setUp(files);

    await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull });

    expect(policyRun(host, head)?.annotationRequests).toEqual([50, 50, 20]);
    expect(policyRun(host, head)?.output?.summary.length).toBeLessThanOrEqual(65_535);
  });

  it("rejects own commits in a PR into production, which only takes promotions from staging", async () => {
    const { host, pull, head } = setUp({ "production/web.yaml": deployment("web", "ghcr.io/acme/web:1.0.1") });

    const outcome = await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull: { ...pull, baseRef: "production" } });

    expect(outcome).toEqual({ status: "completed", conclusion: "failure" });
    expect(policyRun(host, head)?.output?.text).toContain("production only takes commits that staging already has");
  });

  it("passes a promotion PR of what staging has", async () => {
    const { host, head } = setUp({ "staging/web.yaml": deployment("web", "ghcr.io/acme/web:1.1.0"), "production/web.yaml": deployment("web", "ghcr.io/acme/web:1.1.0") });
    host.branches.set("staging", head);
    host.branches.set("ferry/promote/production", head);
    const promotion: PullInfo = { number: 2, state: "open", merged: false, headRef: "ferry/promote/production", headSha: head, baseRef: "production", author: "ferry[bot]" };

    const outcome = await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull: promotion });

    expect(outcome).toEqual({ status: "completed", conclusion: "success" });
  });

  it("skips PRs that do not target an environment branch", async () => {
    const { host, pull } = setUp();

    const outcome = await runPolicyCheck({ host, settings: await defaultBranchSettings(host), pull: { ...pull, baseRef: "main" } });

    expect(outcome.status).toBe("skipped");
    expect(host.checkRuns.size).toBe(0);
  });
});
