/**
 * What every `ferry` subcommand shares with the command line around it: where it
 * writes and runs (CliIo), the shape of a subcommand, and the process-bound CliIo.
 * Commands import this module, never `main.ts` or each other, so the CLI has no
 * import circles and `ferry help` loads no command.
 */

/** Where a CLI command writes, and where it runs. Injected so tests can capture output. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A subcommand: returns the process exit code. */
export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

/** The exit status of a process killed by SIGPIPE, as a shell reports it (128 + 13). */
export const CLOSED_PIPE_EXIT = 141;

/**
 * Returns a CliIo bound to this process. Output into a closed pipe (`ferry render DIR |
 * head -1`) ends the process at once with status 141, as SIGPIPE ends `kubectl
 * kustomize` or `cat`: Node ignores SIGPIPE and reports EPIPE as a stream error, which
 * would otherwise surface as a stack trace.
 */
export function processIo(): CliIo {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  };
}

const guarded = new WeakSet<NodeJS.WriteStream>();

function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(CLOSED_PIPE_EXIT);
    throw error;
  });
}
