/**
 * `npm run prove:image`: what can be proved about the container image without a Docker
 * daemon. Lays out a directory as the Dockerfile's runtime stage would: only the files
 * `.dockerignore` lets into the build context, the build step run there (`npm run
 * build`, when the package has one) with every dependency, then `node_modules` cut down
 * to the production dependencies of package-lock.json (what `npm prune --omit=dev`
 * leaves), and starts the image's CMD from it with NODE_ENV=production, answering
 * `/healthz`, then SIGTERM. Node runs with --preserve-symlinks so a module is resolved
 * inside that directory only: a dev dependency needed at run time fails the start.
 * Faster than `npm ci` (no download): the packages are linked from this checkout.
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../support/test-backends.ts";

const root = join(import.meta.dirname, "../..");

/** What the proof found. */
export interface ImageProof {
  readonly files: readonly string[];
  readonly built: boolean;
  readonly productionPackages: number;
  readonly command: readonly string[];
  readonly health: number;
  readonly exitCode: number | null;
}

/** Returns the top-level entries the `.dockerignore` allowlist (`*`, then `!name`) lets in. */
export function readBuildContext(dockerignore: string): string[] {
  const lines = dockerignore.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  if (lines[0] !== "*") throw new Error(".dockerignore must start with `*` (an allowlist)");
  return lines.slice(1).filter((l) => l.startsWith("!")).map((l) => l.slice(1).replace(/\/$/, ""));
}

/** Returns the image's CMD (exec form) from the Dockerfile. */
export function readCmd(dockerfile: string): string[] {
  const match = /^CMD (\[.*\])$/m.exec(dockerfile);
  if (!match?.[1]) throw new Error("the Dockerfile has no exec-form CMD");
  return JSON.parse(match[1]) as string[];
}

/**
 * Lays out the image's directory, starts it, and returns what happened. `omit` leaves a
 * production package out (the control that shows the isolation bites). `reuseFreshBuild`
 * copies the checkout's dist/ instead of building again when it is newer than every file
 * under src/ (as after `npm test`'s build); `npm run prove:image` always builds.
 */
export async function proveImage(options: { omit?: string; reuseFreshBuild?: boolean } = {}): Promise<ImageProof> {
  const dir = mkdtempSync(join(tmpdir(), "ferry-image-"));
  try {
    // 1. The build context: only what .dockerignore lets in.
    const allowed = readBuildContext(readFileSync(join(root, ".dockerignore"), "utf8"));
    const files = readdirSync(root).filter((name) => allowed.some((pattern) => matches(pattern, name)));
    for (const name of files) cpSync(join(root, name), join(dir, name), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts?: Record<string, string> };

    // 2. The build stage: every dependency, then the build step.
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    const built = pkg.scripts?.build !== undefined;
    if (built && options.reuseFreshBuild && isFreshBuild()) cpSync(join(root, "dist"), join(dir, "dist"), { recursive: true });
    else if (built) await exec("npm", ["run", "build"], dir);
    rmSync(join(dir, "node_modules"));

    // 3. What `npm prune --omit=dev` leaves: the lock file's production packages.
    const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const production = Object.entries(lock.packages).filter(([path, p]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !p.dev && !p.devOptional && existsSync(join(root, path)) && path !== `node_modules/${options.omit}`);
    for (const [path] of production) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      symlinkSync(join(root, path), join(dir, path));
    }

    // 4. The runtime stage: the image's CMD (or, before there is a build, `npm start`'s command).
    const cmd = existsSync(join(dir, "dist")) ? readCmd(readFileSync(join(root, "Dockerfile"), "utf8")) : ["node", "--import", "tsx", "src/server.ts"];
    const port = await freePort();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    mkdirSync(join(dir, "tmp"));
    const env = { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), HOME: join(dir, "tmp"), TMPDIR: join(dir, "tmp"), APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "prove", GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http", NODE_OPTIONS: "--preserve-symlinks --preserve-symlinks-main" };
    const child = spawn(process.execPath, cmd.slice(1), { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    while (!output.includes("Listening on")) {
      if (child.exitCode !== null) throw new Error(`the image's command exited with ${child.exitCode}:\n${output}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    const health = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
    child.kill("SIGTERM");
    return { files, built, productionPackages: production.length, command: cmd, health, exitCode: await exited };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// True when dist/src/server.js is newer than every source file.
function isFreshBuild(): boolean {
  const server = join(root, "dist/src/server.js");
  if (!existsSync(server)) return false;
  const builtAt = statSync(server).mtimeMs;
  const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  return newest(join(root, "src")) <= builtAt;
}

function matches(pattern: string, name: string): boolean {
  return pattern.includes("*") ? new RegExp(`^${pattern.replaceAll(".", "\\.").replaceAll("*", ".*")}$`).test(name) : pattern === name;
}

function exec(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${code}):\n${output}`))));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const proof = await proveImage();
  console.log(JSON.stringify(proof, null, 2));
  process.exit(proof.health === 200 && proof.exitCode === 0 ? 0 : 1);
}
