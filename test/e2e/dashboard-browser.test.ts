import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, HAS_CHROMIUM, launchChromium, warnWhenNoChromium } from "../support/chromium.ts";
import { startFerryHarness, type FerryHarness } from "../support/ferry-harness.ts";

/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core): a person
 * signs in through the GitHub test server, sees production's SHA change after `/merge`,
 * sees drift appear after a hand edit on the cluster, and a person without read access
 * is refused. Checks what a person sees (text, roles), not the markup. Screenshots go
 * to test-artifacts/ for people to look at.
 */
warnWhenNoChromium("dashboard-browser.test.ts");

describe.skipIf(!HAS_CHROMIUM)("dashboard in Chromium", () => {
  let h: FerryHarness;
  const browsers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    // Cluster readings are not reused, so a hand edit shows at the next page load.
    h = await startFerryHarness({ cluster: true, env: { FERRY_DASHBOARD_CLUSTER_SECONDS: "0", FERRY_DASHBOARD_CACHE_SECONDS: "0", FERRY_DASHBOARD_REFRESH_SECONDS: "0" } });
    h.github.setPermission({ user: "dana", permission: "maintain" });
    h.github.setPermission({ user: "erin", permission: "write" });
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    expect(h.github.violations).toEqual([]);
    await h.stop();
  });

  // A fresh browser profile per person, signed in through the GitHub test server.
  async function browserFor(login: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const browser = await launchChromium(viewport);
    browsers.push(browser);
    const { context } = browser;
    const page = context.pages()[0] ?? (await context.newPage());
    h.github.signInAs(login);
    await page.goto(`${h.ferry.dashboardUrl}/acme/config`);
    await page.getByRole("link", { name: "Sign in with GitHub" }).click();
    await page.waitForURL(/\/dashboard\/acme\/config$/);
    return page;
  }
  const stage = (page: Page, env: string) => page.locator(`article.stage[data-env="${env}"]`);

  it("signs in, shows production's SHA change after /merge, then drift after a hand edit", async () => {
    const page = await browserFor("dana");
    await expect(page.getByRole("heading", { level: 1, name: "acme/config" }).isVisible()).resolves.toBe(true);
    expect(await page.getByText("Signed in as dana").isVisible()).toBe(true);
    // Landmarks and names a screen reader relies on.
    for (const role of ["banner", "navigation", "main", "contentinfo"] as const) expect(await page.getByRole(role).count()).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: "Skip to content" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Copy /promote production" }).isVisible()).toBe(true);
    const before = await stage(page, "production").locator("dd.running").getAttribute("data-sha");

    const issue = await h.github.openPullRequest({ head: "staging", base: "main", title: "Release shop 1.5.0", as: "dana" });
    h.github.comment({ issue, body: "/promote production", as: "dana" });
    await h.settle();
    await page.reload();
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-promotion-open.png"), fullPage: true });
    const edge = page.locator('article.edge[data-to="production"]');
    expect(await edge.getByText("1 commit waiting to go from staging to production").isVisible()).toBe(true);
    expect(await edge.getByText(/promotion PR by ferry\[bot\]/).isVisible()).toBe(true);
    expect(await edge.getByText("1 more approval (0 of 1)").isVisible()).toBe(true);

    const pull = h.github.pulls().find((p) => p.pull?.headRef === "ferry/promote/production")!;
    await h.github.review({ pull: pull.number, as: "erin", state: "APPROVED" });
    h.github.comment({ issue: pull.number, body: "/merge", as: "dana" });
    await h.settle();
    await page.reload();
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-after-merge.png"), fullPage: true });

    const after = await stage(page, "production").locator("dd.running").getAttribute("data-sha");
    expect(before).not.toBe(h.example.release);
    expect(after).toBe(h.example.release);
    expect(await stage(page, "production").getByText(h.example.release.slice(0, 7)).first().isVisible()).toBe(true);
    expect(await stage(page, "production").getByText("succeeded").first().isVisible()).toBe(true);
    expect(await stage(page, "production").getByText("in sync with git").isVisible()).toBe(true);
    expect(await edge.getByText("production has everything staging has").isVisible()).toBe(true);

    await h.cluster!.kubectl("scale", "-n", "shop-production", "deployment/worker", "--replicas=7");
    await page.reload();
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-drift.png"), fullPage: true });

    expect(await stage(page, "production").getByText("drifting in production").isVisible()).toBe(true);
    expect(await page.locator("#details-production").getByText("apps/Deployment/shop-production/worker").isVisible()).toBe(true);
    expect(await page.locator("#details-production").getByText("changed on the cluster").isVisible()).toBe(true);
  });

  it("reads well on a phone", async () => {
    const page = await browserFor("dana", { width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-phone.png"), fullPage: true });

    // A string, so this file needs no DOM types: runs in the page.
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole("main").isVisible()).toBe(true);
  });

  it("refuses a person without read access", async () => {
    const page = await browserFor("mallory");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-refused.png"), fullPage: true });

    expect(await page.getByRole("heading", { name: "Not found" }).isVisible()).toBe(true);
    expect(await page.getByText("GitHub says you cannot read it").isVisible()).toBe(true);
    expect(await page.content()).not.toContain(h.example.release.slice(0, 7));
  });
});
