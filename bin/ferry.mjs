#!/usr/bin/env node
// The `ferry` command. Runs the compiled CLI in dist/ (`npm run build`, which `npm ci`
// runs through `prepare`): plain JavaScript starts about as fast as Node itself.
//
// When dist/ is missing, or a file under src/ is newer than the build (sources edited
// since), the compiled output would be wrong or absent, so the sources run through tsx
// instead, after a one-line note on stderr. tsx is a dev dependency: in a production
// install (`npm prune --omit=dev`) a stale dist/ runs as it is, with a note. Nothing in
// this file runs unless `ferry` is called, and it reads only file times, never sources.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// A note below written into a closed stderr pipe must end the process quietly, as the
// CLI's own output does (src/cli/cli-io.ts), not as an uncaught EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(141);
    throw error;
  });
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const compiled = join(root, "dist", "src", "cli", "main.js");

/** Returns why dist/ cannot be trusted, or undefined when it is as new as src/. */
function staleReason() {
  let built;
  try {
    built = statSync(compiled).mtimeMs;
  } catch {
    return "dist/ is missing";
  }
  const src = join(root, "src");
  if (!existsSync(src)) return undefined;
  for (const file of readdirSync(src, { recursive: true })) {
    if (file.endsWith(".ts") && statSync(join(src, file)).mtimeMs > built) return `src/${file} is newer than dist/`;
  }
  return undefined;
}

async function loadMain() {
  const reason = staleReason();
  if (reason === undefined) return import(pathToFileURL(compiled).href);
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    if (!existsSync(compiled)) {
      process.stderr.write(`ferry: ${reason} and tsx is not installed; run \`npm run build\` (or \`npm ci\`) first\n`);
      process.exit(1);
    }
    process.stderr.write(`ferry: ${reason}; running dist/ as built (run \`npm run build\` to rebuild)\n`);
    return import(pathToFileURL(compiled).href);
  }
  process.stderr.write(`ferry: ${reason}; running src/ through tsx (run \`npm run build\` for a fast start)\n`);
  register();
  return import(pathToFileURL(join(root, "src", "cli", "main.ts")).href);
}

const { main } = await loadMain();
process.exitCode = await main(process.argv.slice(2));
