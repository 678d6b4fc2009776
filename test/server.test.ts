import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
  it("serves the page that registers the App on GitHub from app.yml", async () => {
    // A scratch directory: the flow reads app.yml and package.json from it, and would write .env there.
    const cwd = mkdtempSync(join(tmpdir(), "ferry-setup-"));
    for (const file of ["app.yml", "package.json"]) copyFileSync(join(import.meta.dirname, "..", file), join(cwd, file));
    const port = await freePort();
    const run = start({ PORT: String(port), NO_SMEE_SETUP: "true", GHE_HOST: "github.example.com", GHE_PROTOCOL: "https" }, cwd);
    try {
      while (!run.output().includes("Welcome to Probot") && !run.output().includes(`localhost:${port}`)) {
        if (run.child.exitCode !== null) throw new Error(run.output());
        await new Promise((done) => setTimeout(done, 50));
      }

      const redirect = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" });
      const page = await (await fetch(`http://127.0.0.1:${port}/probot`)).text();

      expect(redirect.headers.get("location")).toBe("/probot");
      expect(page).toContain('action="https://github.example.com/settings/apps/new"');
      // Probot puts the manifest JSON in the button's single-quoted value attribute.
      const manifest = JSON.parse(/name="manifest" id="manifest" value='([^']*)'/.exec(page)?.[1] ?? "{}") as Record<string, unknown>;
      expect(manifest).toMatchObject({ name: "Ferry", redirect_url: `http://127.0.0.1:${port}/probot/setup`, default_permissions: { contents: "write", deployments: "write", checks: "write" }, default_events: expect.arrayContaining(["issue_comment", "push", "pull_request"]) });
    } finally {
      run.child.kill("SIGTERM");
      await run.exited;
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

