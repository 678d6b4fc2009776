/**
 * Debian's Chromium for the dashboard's browser tests, driven by playwright-core: a
 * fresh profile per launch and the switches a sandboxed CI machine needs. Tests skip
 * (and say so) when /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Where Debian installs Chromium. */
export const CHROMIUM = "/usr/bin/chromium";
/** Whether the browser tests can run here. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Screenshots for people to look at (gitignored). */
export const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");

/** Says loudly that browser tests are skipped; call once per browser test file. */
export function warnWhenNoChromium(file: string): void {
  if (!HAS_CHROMIUM) console.warn(`${file}: browser tests SKIPPED because ${CHROMIUM} is missing (install Debian's chromium: apt-get install chromium)`);
  else mkdirSync(ARTIFACTS, { recursive: true });
}

/** Launches Chromium headless with a fresh profile; `close()` also removes the profile. */
export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "ferry-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
