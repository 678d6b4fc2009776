import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDashboardModel, renderDashboardPage, renderStatusText, type DashboardInput } from "../../../src/core/dashboard/index.ts";

/** Golden cases: fixtures/dashboard/<case>/input.json → the page, the JSON model and the `ferry status` text. */
const ROOT = join(import.meta.dirname, "../../../fixtures/dashboard");

describe("dashboard goldens", () => {
  for (const name of readdirSync(ROOT).sort()) {
    it(name, async () => {
      const input = JSON.parse(readFileSync(join(ROOT, name, "input.json"), "utf8")) as DashboardInput;

      const model = buildDashboardModel(input);
      const page = renderDashboardPage({ model, viewer: { login: "dana", csrfToken: "csrf-token" }, refreshSeconds: 30 }).text;

      await expect(page).toMatchFileSnapshot(join(ROOT, name, "expected.html"));
      await expect(`${JSON.stringify(model, null, 2)}\n`).toMatchFileSnapshot(join(ROOT, name, "expected.json"));
      await expect(renderStatusText(model)).toMatchFileSnapshot(join(ROOT, name, "expected.txt"));
      if (name.startsWith("evil-")) {
        expect(page).not.toMatch(/<script>|<img|<b>|<i>|<svg|<iframe|javascript:/);
      }
    });
  }
});
