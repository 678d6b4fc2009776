import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * Size and count limits of `.github/ferry.yml` through the real Probot server: a hostile
 * (or generated) settings file is refused before it is parsed, with a reply that says
 * what is wrong and how to fix it.
 */
describe("evil settings files", () => {
  let h: FerryHarness;
  let n = 0;
  beforeAll(async () => {
    h = await startFerryHarness();
  });
  afterAll(async () => h.stop());

  const exemption = (i: number) => `    - { rule: resources-limits, resource: apps/Deployment/shop/app-${i}, reason: sized by the VPA }\n`;
  it.each([
    { name: "refuses a 3 MB file before parsing it", settings: `environments:\n  - name: staging\n  - name: production\n    promotesFrom: staging\n# ${"x".repeat(3 * 1024 * 1024)}\n`, reply: /\(file\): is 3\.0 MB, more than the 512 KB Ferry reads/ },
    { name: "refuses more environments than the limit", settings: `environments:\n${Array.from({ length: 101 }, (_, i) => `  - name: env-${i}\n`).join("")}`, reply: /environments: allows at most 100 item\(s\)/ },
    { name: "refuses more exemptions than the limit", settings: `policy:\n  exemptions:\n${Array.from({ length: 2001 }, (_, i) => exemption(i)).join("")}`, reply: /policy\.exemptions: allows at most 2000 item\(s\)/ },
  ])("$name", async ({ settings, reply }) => {
    const repo = await h.newRepo(`evil-settings-${++n}`);
    await h.github.commit({ repo, branch: "main", files: { ".github/ferry.yml": settings }, message: "settings" });
    h.github.setPermission({ repo, user: "dana", permission: "maintain" });
    const issue = h.github.createIssueAs({ repo, title: "Release", as: "dana" });

    h.github.comment({ repo, issue, body: "/promote production", as: "dana" });
    await h.settle();

    const replies = h.github.comments(issue, repo).filter((c) => c.user.login === "ferry[bot]").map((c) => c.body);
    expect(replies).toEqual([expect.stringMatching(reply)]);
    expect(h.github.violations).toEqual([]);
  });
});
