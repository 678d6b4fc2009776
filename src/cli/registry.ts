/**
 * The `ferry` subcommands. Registering one is one line here: its usage summary (shown
 * by `ferry help`) and a lazy import of `commands/<name>.ts`, which exports
 * `run(args, io)`. Lazy, so `ferry help` and each command load only what they use.
 */
import type { CliCommand } from "./cli-io.ts";

/** A registered subcommand: its usage line and how to load it. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<{ run: CliCommand }>;
}

/** Every subcommand by name, in the order `ferry help` lists them. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  render: { summary: "render DIR [--ref REF] [--engine builtin|kustomize]", load: () => import("./commands/render.ts") },
  plan: { summary: "plan --env ENV --from REF --to REF [--format markdown|text|json] [--config FILE] [--repo DIR]", load: () => import("./commands/plan.ts") },
  drift: { summary: "drift --env ENV [--ref REF] --kubeconfig FILE [--context NAME] [--config FILE] [--repo DIR] [--format text|markdown]", load: () => import("./commands/drift.ts") },
  check: { summary: "check --env ENV [--ref REF] [--base REF] [--format text|sarif] [--config FILE] [--repo DIR]", load: () => import("./commands/check.ts") },
  apply: { summary: "apply --env ENV --ref REF --kubeconfig FILE [--context NAME] [--dry-run] [--config FILE] [--repo DIR]", load: () => import("./commands/apply.ts") },
  status: { summary: "status [--kubeconfig FILE [--context NAME]] [--config FILE] [--repo DIR] [--json]", load: () => import("./commands/status.ts") },
  rollback: { summary: "rollback --env ENV [--to SHA] [--kubeconfig FILE [--context NAME]] [--config FILE] [--repo DIR]", load: () => import("./commands/rollback.ts") },
};
