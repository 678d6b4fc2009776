import { beforeEach, describe, expect, it } from "vitest";
import { parseSettings } from "../../src/config/index.ts";
import { rollbackEnvironment } from "../../src/workflows/rollback-environment.ts";
import { mergePromotion } from "../../src/workflows/merge-promotion.ts";
import { followEnvironmentPush } from "../../src/workflows/follow-environment-push.ts";
import { FakeRepoHost } from "../support/fakes/fake-repo-host.ts";

const settings = parseSettings(`
environments:
  - name: staging
  - name: production
    promotesFrom: staging
    merge: { approvals: 0 }
`);

describe("rollbackEnvironment", () => {
  let host: FakeRepoHost;
  let good: string;
  let bad: string;

  beforeEach(() => {
    host = new FakeRepoHost();
    good = host.addCommit({ parents: [], files: { "production/app.yaml": "image: web:1.4\n" } });
    bad = host.addCommit({ parents: [good], files: { "production/app.yaml": "image: web:1.5-broken\n" } });
    host.branches.set("production", bad);
    host.branches.set("staging", bad);
    host.permissions.set("dana", "write");
    host.deploymentHistory.set("production", [
      { sha: bad, state: "failure" },
      { sha: good, state: "success" },
    ]);
  });

  it("makes a fast-forward commit with the last good tree and opens the rollback PR", async () => {
    const outcome = await rollbackEnvironment({ host, settings, envName: "production", sha: undefined, login: "dana" });

    expect(outcome).toMatchObject({ status: "opened", target: good });
    const commit = outcome.status === "opened" ? outcome.commit : "";
    expect(host.commits.get(commit)?.parents).toEqual([bad]);
    expect(host.commits.get(commit)?.files).toEqual({ "production/app.yaml": "image: web:1.4\n" });
    expect(host.pulls[0]).toMatchObject({ headRef: "ferry/rollback/production", baseRef: "production" });
  });

  it("merges by fast-forward through /merge like a promotion", async () => {
    await rollbackEnvironment({ host, settings, envName: "production", sha: undefined, login: "dana" });

    const merged = await mergePromotion({ host, settings, pullNumber: 1, login: "dana" });

    expect(merged).toMatchObject({ status: "merged", branch: "production" });
    expect(host.commits.get(host.branches.get("production") as string)?.files["production/app.yaml"]).toBe("image: web:1.4\n");
  });

  it.each([
    { name: "refuses to roll back to a SHA marked bad", sha: "bad", login: "dana", reason: /marked bad/ },
    { name: "refuses someone without the promote permission", sha: undefined, login: "rita", reason: /has none permission/ },
    { name: "refuses an unknown environment", sha: undefined, login: "dana", env: "prod", reason: /no environment "prod"/ },
  ])("$name", async ({ sha, login, env, reason }) => {
    const outcome = await rollbackEnvironment({ host, settings, envName: env ?? "production", sha: sha === "bad" ? bad.slice(0, 7) : sha, login });

    expect(outcome.status === "refused" && outcome.reason).toMatch(reason);
    expect(host.pulls).toHaveLength(0);
  });
});

describe("followEnvironmentPush", () => {
  it("opens the back-merge PR once a rollback commit lands, and only one", async () => {
    const host = new FakeRepoHost();
    const base = host.addCommit({ parents: [] });
    const rollback = host.addCommit({ parents: [base], message: "Roll back production to aaaaaaa\n\nFerry-Rollback: production aaaaaaa" });
    host.branches.set("staging", base);
    host.branches.set("production", rollback);

    const first = await followEnvironmentPush({ host, settings, branch: "production", after: rollback });
    const again = await followEnvironmentPush({ host, settings, branch: "production", after: rollback });

    expect([first, again]).toEqual(["back-merge-opened", "back-merge-exists"]);
    expect(host.pulls).toEqual([expect.objectContaining({ headRef: "production", baseRef: "staging" })]);
  });

  it("warns on the promotion PR when someone merged around Ferry", async () => {
    const host = new FakeRepoHost();
    const base = host.addCommit({ parents: [] });
    host.branches.set("staging", base);
    host.branches.set("ferry/promote/production", base);
    await host.createPull({ head: "ferry/promote/production", base: "production", title: "t", body: "b" });
    const merge = host.addCommit({ parents: [base], message: "Merge pull request #9 from hotfix" });
    host.branches.set("production", merge);

    expect(await followEnvironmentPush({ host, settings, branch: "production", after: merge })).toBe("warned");
    expect(host.comments[0]?.body).toContain("can no longer move by fast-forward");
  });
});
