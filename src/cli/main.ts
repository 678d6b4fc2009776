/**
 * The `ferry` command line: runs the same workflows as the GitHub App, locally.
 * Subcommands are listed in `registry.ts` and loaded only when run, so `ferry help`
 * starts as fast as Node does.
 */
import { AppError } from "../errors.ts";
import { processIo, type CliIo } from "./cli-io.ts";
import { COMMANDS } from "./registry.ts";

export type { CliCommand, CliIo } from "./cli-io.ts";

/** Returns the usage text listing every subcommand. */
export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ferry ${c.summary}`);
  return `usage:\n${lines.join("\n")}\n`;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`ferry: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    const { run } = await command.load();
    return await run(rest, io);
  } catch (error) {
    if (error instanceof AppError) {
      io.stderr(`ferry ${name}: ${error.message} [${error.code}]\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
