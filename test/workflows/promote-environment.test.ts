import { beforeEach, describe, expect, it } from "vitest";
import { parseSettings } from "../../src/config/index.ts";
import { promoteEnvironment } from "../../src/workflows/promote-environment.ts";
import { mergePromotion } from "../../src/workflows/merge-promotion.ts";
import { autoMergePromotion } from "../../src/workflows/auto-merge-promotion.ts";
import { FakeRepoHost } from "../support/fakes/fake-repo-host.ts";

const settings = parseSettings(`
environments:
  - name: staging
  - name: production
    promotesFrom: staging
    requireHealthySource: false
    merge: { approvals: 1 }
`);

describe("promoteEnvironment and mergePromotion", () => {
  let host: FakeRepoHost;
  let base: string;
  let release: string;

  beforeEach(() => {
    host = new FakeRepoHost();
    base = host.addCommit({ parents: [], message: "initial" });
    release = host.addCommit({ parents: [base], message: "Release 1.5 (#7)" });
    host.branches.set("staging", release);
    host.branches.set("production", base);
    host.permissions.set("dana", "write");
  });

  it("pins the staging head and opens one PR", async () => {
    const outcome = await promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } });

    expect(outcome).toMatchObject({ status: "opened", sha: release, commits: 1 });
    expect(host.branches.get("ferry/promote/production")).toBe(release);
    expect(host.pulls).toHaveLength(1);
    expect(host.pulls[0]).toMatchObject({ headRef: "ferry/promote/production", baseRef: "production", headSha: release });
  });

  it("keeps the pin when staging moves after the command", async () => {
    await promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } });
    host.branches.set("staging", host.addCommit({ parents: [release], message: "later" }));

    const outcome = await mergePromotion({ host, settings, pullNumber: 1, login: "dana" });

    expect(outcome).toMatchObject({ status: "refused" });
    host.approvals.set(1, [{ login: "erin", commitId: release }]);
    expect(await mergePromotion({ host, settings, pullNumber: 1, login: "dana" })).toEqual({ status: "merged", env: "production", branch: "production", sha: release });
    expect(host.branches.get("production")).toBe(release);
    expect(host.pulls[0]).toMatchObject({ merged: true, state: "closed" });
  });

  it("gives one PR for two concurrent /promote commands", async () => {
    const [a, b] = await Promise.all([
      promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } }),
      promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } }),
    ]);

    expect(host.pulls).toHaveLength(1);
    expect([a.status, b.status].sort()).toEqual(["opened", "updated"]);
  });

  it.each([
    { name: "refuses someone with read permission", login: "rita", sha: undefined, reason: /has read permission/ },
    { name: "refuses an unknown environment", login: "dana", env: "prod", reason: /no environment "prod"/ },
    { name: "refuses an environment nothing promotes into", login: "dana", env: "staging", reason: /nothing promotes into staging/ },
    { name: "refuses a SHA that is not on staging", login: "dana", sha: "ffffff0", reason: /not a commit of `staging`/ },
  ])("$name", async ({ login, env, sha, reason }) => {
    host.permissions.set("rita", "read");

    const outcome = await promoteEnvironment({ host, settings, request: { envName: env ?? "production", sha, login } });

    expect(outcome.status).toBe("refused");
    expect(outcome.status === "refused" && outcome.reason).toMatch(reason);
    expect(host.pulls).toHaveLength(0);
  });

  it("accepts a pinned SHA that staging contains, and refuses one only production has", async () => {
    const hotfix = host.addCommit({ parents: [base], message: "hotfix" });
    host.branches.set("production", base);

    const older = await promoteEnvironment({ host, settings, request: { envName: "production", sha: release.slice(0, 9), login: "dana" } });
    const foreign = await promoteEnvironment({ host, settings, request: { envName: "production", sha: hotfix.slice(0, 9), login: "dana" } });

    expect(older).toMatchObject({ status: "opened", sha: release });
    expect(foreign.status === "refused" && foreign.reason).toMatch(/is not a commit of `staging`/);
  });

  it("names the commits that make production diverge", async () => {
    const hotfix = host.addCommit({ parents: [base], message: "hotfix straight to production" });
    host.branches.set("production", hotfix);

    const outcome = await promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } });

    expect(outcome.status === "refused" && outcome.reason).toMatch(/1 commit that `staging` does not \(`.{7}` hotfix straight to production\)/);
  });

  it("says there is nothing to promote when production already has the SHA", async () => {
    host.branches.set("production", release);

    expect(await promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } })).toEqual({ status: "up-to-date", sha: release });
  });

  it("requires a healthy deployment in staging when the settings ask for it", async () => {
    const strict = { ...settings, environments: settings.environments.map((e) => (e.name === "production" ? { ...e, requireHealthySource: true } : e)) };

    const refused = await promoteEnvironment({ host, settings: strict, request: { envName: "production", sha: undefined, login: "dana" } });
    host.deployments.set(`staging@${release}`, "success");
    const opened = await promoteEnvironment({ host, settings: strict, request: { envName: "production", sha: undefined, login: "dana" } });

    expect(refused.status === "refused" && refused.reason).toMatch(/no deployment in staging/);
    expect(opened.status).toBe("opened");
  });

  it("does not count the PR author's approval or an approval of an older pin", async () => {
    await promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } });
    host.approvals.set(1, [{ login: "ferry[bot]", commitId: release }, { login: "erin", commitId: base }]);

    const outcome = await mergePromotion({ host, settings, pullNumber: 1, login: "dana" });

    expect(outcome.status === "refused" && outcome.reason).toMatch(/needs 1 approving review .* it has 0/);
  });

  it("refuses to merge while another check fails, but ignores Ferry's own", async () => {
    await promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } });
    host.approvals.set(1, [{ login: "erin", commitId: release }]);
    host.checks.set(release, [{ name: "ferry/policy", state: "pending" }, { name: "ci/lint", state: "failure" }]);

    const outcome = await mergePromotion({ host, settings, pullNumber: 1, login: "dana" });

    expect(outcome.status === "refused" && outcome.reason).toBe("checks failing on `" + release.slice(0, 7) + "`: `ci/lint`");
  });

  it("auto-merges only when the settings allow it, approvals are in and ferry/policy passed", async () => {
    const auto = { ...settings, environments: settings.environments.map((e) => (e.name === "production" ? { ...e, merge: { ...e.merge, auto: true } } : e)) };
    await promoteEnvironment({ host, settings: auto, request: { envName: "production", sha: undefined, login: "dana" } });
    const pull = () => host.pulls[0]!;

    const offInSettings = await autoMergePromotion({ host, settings, pull: pull() });
    const noApproval = await autoMergePromotion({ host, settings: auto, pull: pull() });
    host.approvals.set(1, [{ login: "erin", commitId: release }]);
    const policyPending = await autoMergePromotion({ host, settings: auto, pull: pull() });
    host.checks.set(release, [{ name: "ferry/policy", state: "success" }]);
    const merged = await autoMergePromotion({ host, settings: auto, pull: pull() });

    expect([offInSettings, noApproval, policyPending]).toEqual([undefined, undefined, undefined]);
    expect(merged).toMatchObject({ status: "merged", sha: release });
    expect(host.comments.at(-1)?.body).toContain("Auto-merged");
  });

  it("judges ferry/policy itself on /merge and refuses while it fails", async () => {
    await promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } });
    host.approvals.set(1, [{ login: "erin", commitId: release }]);
    const judged: string[] = [];

    const outcome = await mergePromotion({ host, settings, pullNumber: 1, login: "dana", judgePolicy: async (pull) => (judged.push(pull.headSha), { passed: false }) });

    expect(outcome.status === "refused" && outcome.reason).toMatch(/`ferry\/policy` fails on/);
    expect(judged).toEqual([release]);
    expect(host.branches.get("production")).toBe(base);
  });

  it("refuses a merge when production moved on and cannot fast-forward", async () => {
    await promoteEnvironment({ host, settings, request: { envName: "production", sha: undefined, login: "dana" } });
    host.approvals.set(1, [{ login: "erin", commitId: release }]);
    host.branches.set("production", host.addCommit({ parents: [base], message: "sneaky push" }));

    const outcome = await mergePromotion({ host, settings, pullNumber: 1, login: "dana" });

    expect(outcome.status === "refused" && outcome.reason).toMatch(/no longer fast-forwards/);
  });
});
