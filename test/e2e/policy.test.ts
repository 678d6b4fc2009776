import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

const SETTINGS = `environments:
  - name: staging
  - name: production
    promotesFrom: staging
policy:
  secrets:
    reviewers: [acme/security]
`;

describe("ferry/policy end to end (Probot over HTTP, GitHub test server)", () => {
  let h: FerryHarness;
  beforeEach(async () => {
    h = await startFerryHarness();
    h.github.addTeamMember({ team: "security", user: "sam" });
    await h.github.commit({ branch: "main", files: { ".github/ferry.yml": SETTINGS }, message: "secret reviewers", as: "octocat" });
    await h.settle();
  });
  afterEach(async () => {
    expect(h.github.violations).toEqual([]);
    await h.stop();
  });

  async function openSecretChange(extra: Record<string, string> = {}) {
    const sealed = (await h.github.readFile("staging", "base/payments-sealedsecret.yaml")) ?? "";
    const staging = (await h.github.branchSha("staging")) as string;
    const head = await h.github.commit({ branch: "rotate", parents: [staging], files: { "base/payments-sealedsecret.yaml": sealed.replace("AgBy3i4OJSWK", "AgRotated0000"), ...extra }, message: "rotate the payments key", as: "dana" });
    const pull = await h.github.openPullRequest({ head: "rotate", base: "staging", title: "rotate", as: "dana" });
    await h.settle();
    return { head, pull };
  }

  const policyRuns = (sha: string) => h.github.checkRuns({ sha }).filter((r) => r.name === "ferry/policy");

  it("makes a secret change wait for the secret team, ignores other approvals, and passes after the team approves", async () => {
    const { head, pull } = await openSecretChange();
    expect(policyRuns(head)).toHaveLength(1);
    expect(policyRuns(head)[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(policyRuns(head)[0]?.output.summary).toContain("@acme/security");

    await h.github.review({ pull, as: "erin", state: "APPROVED" });
    await h.settle();
    expect(policyRuns(head)[0]?.conclusion).toBe("failure");

    await h.github.review({ pull, as: "sam", state: "APPROVED" });
    await h.settle();
    expect(policyRuns(head)).toHaveLength(1);
    expect(policyRuns(head)[0]?.conclusion).not.toBe("failure");
  });

  it("judges a PR that switches the rule off in .github/ferry.yml by the default branch's rules", async () => {
    const loosened = `${SETTINGS}  rules:\n    secret-reviewer: {severity: "off"}\n`;

    const { head } = await openSecretChange({ ".github/ferry.yml": loosened });

    expect(policyRuns(head)[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(policyRuns(head)[0]?.output.summary).toMatch(/`secret-reviewer` \| error \| :x:/);
  });
});
