import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readProcessSettings } from "../src/process-settings.ts";
import { GitHubTestServer } from "./support/github-server/github-test-server.ts";
import { freePort } from "./support/test-backends.ts";

/**
 * `npm start`'s entry (src/server.ts) as a real process: settings validated before
 * anything listens, a listener that needs nothing from GitHub, and SIGTERM.
 */
const entry = join(import.meta.dirname, "../src/server.ts");
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

function start(env: Record<string, string>, cwd?: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = "";
  // tsx by absolute URL, so the process may run in another directory.
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry], { ...(cwd && { cwd }), env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))) };
}

describe("npm start", () => {
  it("stops with exit code 78 and names the variable when a setting is bad", async () => {
    const run = start({ APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "x", PORT: "http", FERRY_DRIFT_TICK_SECONDS: "often" });

    expect(await run.exited).toBe(78);
    expect(run.output()).toContain("Ferry cannot start: PORT must be a whole number; FERRY_DRIFT_TICK_SECONDS must be a whole number");
    expect(run.output()).not.toContain(privateKey.split("\n")[1]);
  });

  it("listens without contacting GitHub, answers /healthz, and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    // GitHub is a port where nothing listens: starting must not need it.
    const github = await freePort();
    const run = start({ APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "x", PORT: String(port), GHE_HOST: `127.0.0.1:${github}`, GHE_PROTOCOL: "http", LOG_LEVEL: "info" });
    while (!run.output().includes("Listening on")) {
      if (run.child.exitCode !== null) throw new Error(run.output());
      await new Promise((done) => setTimeout(done, 50));
    }

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    run.child.kill("SIGTERM");

    expect(health.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { privateKey: "ok" } });
    expect(await run.exited).toBe(0);
    const lines = run.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
  });
});

describe("npm start without APP_ID (Probot's setup flow)", () => {
  it("registers the App from app.yml on the GitHub test server, and Ferry starts with the credentials it wrote", async () => {
    // A scratch directory: the flow reads app.yml and package.json from it and writes .env there.
    const cwd = mkdtempSync(join(tmpdir(), "ferry-setup-"));
    for (const file of ["app.yml", "package.json"]) copyFileSync(join(import.meta.dirname, "..", file), join(cwd, file));
    const github = await GitHubTestServer.start();
    const port = await freePort();
    const run = start({ PORT: String(port), NO_SMEE_SETUP: "true", GHE_HOST: github.host, GHE_PROTOCOL: "http" }, cwd);
    try {
      while (!run.output().includes(`localhost:${port}`)) {
        if (run.child.exitCode !== null) throw new Error(run.output());
        await new Promise((done) => setTimeout(done, 50));
      }

      // 1. Ferry's page holds the manifest made from app.yml, posted to GitHub's "new App" form.
      const redirect = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" });
      const page = await (await fetch(`http://127.0.0.1:${port}/probot`)).text();
      const action = /<form action="([^"]+)"/.exec(page)?.[1] ?? "";
      // Probot puts the manifest JSON in the button's single-quoted value attribute.
      const manifestJson = /name="manifest" id="manifest" value='([^']*)'/.exec(page)?.[1] ?? "{}";
      // 2. What the browser does: post the form; GitHub redirects back with a code.
      const created = await fetch(action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ manifest: manifestJson }).toString(), redirect: "manual" });
      const back = created.headers.get("location") ?? "";
      // 3. Ferry trades the code for the App's credentials and writes them to .env.
      const done = await fetch(back, { redirect: "manual" });
      const written = Object.fromEntries(readFileSync(join(cwd, ".env"), "utf8").split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).replace(/^"|"$/g, "")]));

      expect(redirect.headers.get("location")).toBe("/probot");
      expect(action).toBe(`http://${github.host}/settings/apps/new`);
      expect(JSON.parse(manifestJson)).toMatchObject({ name: "Ferry", redirect_url: `http://127.0.0.1:${port}/probot/setup`, default_permissions: { contents: "write", deployments: "write", checks: "write" }, default_events: expect.arrayContaining(["issue_comment", "push", "pull_request"]) });
      expect(back).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/probot/setup\\?code=[0-9a-f]+$`));
      expect(done.status).toBe(302);
      expect(done.headers.get("location")).toMatch(/\/installations\/new$/);
      expect(written).toMatchObject({ APP_ID: github.env().APP_ID, WEBHOOK_SECRET: github.env().WEBHOOK_SECRET });
      expect(readProcessSettings({ ...written, PRIVATE_KEY: written.PRIVATE_KEY!.replaceAll("\\n", "\n") }).app?.privateKey).toBe(github.env().PRIVATE_KEY);
      expect(github.violations).toEqual([]);
    } finally {
      run.child.kill("SIGTERM");
      await run.exited;
      await github.stop();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
