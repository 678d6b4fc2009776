#!/usr/bin/env node
// Runs the TypeScript CLI through tsx: Ferry ships its sources and has no build
// step, so what the tests exercise is exactly what the `ferry` command runs.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
