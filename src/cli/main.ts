/**
 * The `ferry` command line: runs the same workflows as the GitHub App, locally.
 * Each subcommand lives in `commands/<name>.ts` and exports `run(args, io)`.
 */
import { AppError } from "../errors.ts";

/** Where a CLI command writes, and where it runs. Injected so tests can capture output. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A subcommand: returns the process exit code. */
export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: CliCommand }> }> = {
  // Subcommands are registered here as they land.
  render: { summary: "render PATH [--ref REF]", load: () => import("./commands/render.ts") },
  plan: { summary: "plan --env ENV --from REF --to REF [--format markdown|text|json] [--config FILE] [--repo DIR]", load: () => import("./commands/plan.ts") },
  drift: { summary: "drift --env ENV [--ref REF] --kubeconfig FILE [--context NAME] [--config FILE] [--repo DIR] [--format text|markdown]", load: () => import("./commands/drift.ts") },
  check: { summary: "check --env ENV [--ref REF] [--base REF] [--format text|sarif] [--config FILE] [--repo DIR]", load: () => import("./commands/check.ts") },
  apply: { summary: "apply --env ENV --ref REF --kubeconfig FILE [--context NAME] [--dry-run] [--config FILE] [--repo DIR]", load: () => import("./commands/apply.ts") },
  rollback: { summary: "rollback --env ENV [--to SHA] [--kubeconfig FILE [--context NAME]] [--config FILE] [--repo DIR]", load: () => import("./commands/rollback.ts") },
};

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
  const command = COMMANDS[name];
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

/** Returns a CliIo bound to this process. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
