import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * `npm start`'s entry (src/server.ts) as a real process: settings validated before
 * anything listens, a listener that needs nothing from GitHub, and SIGTERM.
 */
const entry = join(import.meta.dirname, "../src/server.ts");
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", entry], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
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
