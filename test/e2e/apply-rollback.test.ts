import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";
import { ferryReplies as replies, productionDeployments, promoteAndMerge as promote } from "../support/promote-and-merge.ts";

/**
 * Issues #6 and #8 through the real entry points: merging a promotion applies it to the
 * Kubernetes test server and records a GitHub Deployment; a bad release fails its apply
 * and is marked bad; `/rollback production` goes back to the last good SHA by fast-forward,
 * the back-merge PR opens, and the next promotion fast-forwards again.
 */
describe("apply on merge and /rollback end to end", () => {
  let h: FerryHarness;
  const repo = "acme/config";
  beforeAll(async () => {
    h = await startFerryHarness({ cluster: true });
    h.github.setPermission({ user: "dana", permission: "maintain" });
    h.github.setPermission({ user: "erin", permission: "write" });
    h.github.setPermission({ user: "rita", permission: "write" });
  });
  afterAll(async () => {
    expect(h.github.violations).toEqual([]);
    await h.stop();
  });
  const ferryReplies = (issue: number) => replies(h, repo, issue);
  const deployment = async (name: string) => JSON.parse(await h.cluster!.kubectl("get", "deployment", name, "-n", "shop-production", "-o", "json"));
  const image = async (name: string) => (await deployment(name)).spec.template.spec.containers[0].image as string;
  const deploymentStates = () => productionDeployments(h, repo);
  const promoteAndMerge = (issue: number) => promote(h, { repo, issue });

  it("applies the merged promotion to the cluster and records a successful Deployment", async () => {
    const issue = h.github.createIssueAs({ repo, title: "Release 1.5.0", as: "dana" });

    const pull = await promoteAndMerge(issue);

    expect(await image("web")).toBe("ghcr.io/acme/shop-web:1.5.0");
    expect((await deployment("worker")).spec.replicas).toBe(6);
    expect(deploymentStates()).toEqual([[h.example.release, "success"]]);
    expect(ferryReplies(pull).join("\n")).toMatch(/applied/i);
  });

  it("marks a release whose apply fails as bad, rolls back to the last good SHA, and promotes again after the back-merge", { timeout: 240_000 }, async () => {
    h.cluster!.server.failImages(/broken/);
    const bump = async (from: string, to: string) =>
      Object.fromEntries(await Promise.all(["staging", "production"].map(async (env) => [`${env}/kustomization.yaml`, (await h.github.readFile("staging", `${env}/kustomization.yaml`, repo))!.replaceAll(`newTag: ${from}`, `newTag: ${to}`)])));
    // Staging runs the release first (ferry/policy refuses images the source does not run).
    const bad = await h.github.commit({ repo, branch: "staging", files: await bump("1.5.0", "1.6.0-broken"), message: "Release shop 1.6.0", as: "dana" });
    const issue = h.github.createIssueAs({ repo, title: "Release 1.6.0", as: "dana" });

    await promoteAndMerge(issue);

    expect(deploymentStates().at(-1)).toEqual([bad, "failure"]);
    expect(h.github.statuses(repo).filter((s) => s.sha === bad && s.context === "ferry/apply").at(-1)?.state).toBe("failure");

    h.github.comment({ repo, issue, body: `/rollback production ${bad.slice(0, 7)}`, as: "dana" });
    h.github.comment({ repo, issue, body: "/rollback production", as: "dana" });
    await h.settle();

    expect(ferryReplies(issue).at(-2)).toMatch(/marked bad/);
    expect(ferryReplies(issue).at(-1)).toMatch(new RegExp(`rolls production back to \`${h.example.release.slice(0, 7)}\``));
    const rollback = h.github.pulls(repo).find((p) => p.pull?.headRef === "ferry/rollback/production")!;
    await h.github.review({ repo, pull: rollback.number, as: "erin", state: "APPROVED" });
    h.github.comment({ repo, issue: rollback.number, body: "/merge", as: "dana" });
    await h.settle();

    expect(await image("web")).toBe("ghcr.io/acme/shop-web:1.5.0");
    expect(deploymentStates().at(-1)?.[1]).toBe("success");
    const backMerge = h.github.pulls(repo).find((p) => p.pull?.headRef === "production" && p.pull?.baseRef === "staging");
    expect(backMerge?.state).toBe("open");

    await h.github.mergePullRequest({ repo, pull: backMerge!.number, as: "dana" });
    h.cluster!.server.failImages(/never-matches-anything/);
    await h.github.commit({ repo, branch: "staging", files: await bump("1.5.0", "1.6.1"), message: "Release shop 1.6.1 (fixed)", as: "dana" });
    await h.settle();
    const next = await promoteAndMerge(issue);

    expect(h.github.pullRecord(next, repo).pull?.merged).toBe(true);
    expect(await image("web")).toBe("ghcr.io/acme/shop-web:1.6.1");
  });

  it("lets only break-glass teams /rollback --now, applies at once, and drift waits for the rollback PR", { timeout: 120_000 }, async () => {
    const settings = (await h.github.readFile("main", ".github/ferry.yml", repo))!.replace("    merge: { approvals: 1 }", "    merge: { approvals: 1 }\n    rollback: { breakGlass: [acme/sre] }");
    await h.github.commit({ repo, branch: "main", files: { ".github/ferry.yml": settings }, message: "Let SRE break glass", as: "dana" });
    h.github.addTeamMember({ team: "sre", user: "rita" });
    const issue = h.github.createIssueAs({ repo, title: "Incident", as: "rita" });

    h.github.comment({ repo, issue, body: "/rollback production --now", as: "erin" });
    await h.settle();
    expect(ferryReplies(issue).at(-1)).toMatch(/limited to @acme\/sre; @erin is not one of them/);
    expect(await image("web")).toBe("ghcr.io/acme/shop-web:1.6.1");

    h.github.comment({ repo, issue, body: "/rollback production --now", as: "rita" });
    await h.settle();

    expect(await image("web")).toBe("ghcr.io/acme/shop-web:1.5.0");
    expect(ferryReplies(issue).at(-1)).toMatch(/^Break-glass rollback: applied `[0-9a-f]{7}`'s tree to production \(applied\)/);
    expect(h.github.deployments(repo).at(-1)?.description).toMatch(/^Break-glass rollback of production/);

    h.github.comment({ repo, issue, body: "/drift production", as: "rita" });
    await h.settle();
    expect(ferryReplies(issue).at(-1)).toMatch(/rolled back with `\/rollback --now`[\s\S]*No drift/);
  });
});
