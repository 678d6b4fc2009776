import type { Settings } from "../../config/settings-schema.ts";

/** Returns the `/help` reply: the commands and the environments of this repository. */
export function renderHelp(settings: Settings | undefined, problem?: string): string {
  const lines: string[] = [];
  if (problem) lines.push(`:warning: ${problem}`, "");
  lines.push(
    "**Ferry commands** (at the start of a line of a new comment):",
    "",
    "| command | what it does |",
    "| --- | --- |",
    "| `/promote <env> [<sha>]` | open or update the fast-forward promotion PR into `<env>` |",
    "| `/merge` | on a promotion PR: fast-forward the environment branch to the pinned SHA |",
    "| `/diff` | render and post the report again |",
    "| `/drift <env>` | report how the live cluster differs from git |",
    "| `/rollback <env> [<sha>]` | return an environment to an earlier good state |",
    "| `/help` | this list |",
  );
  if (settings) {
    lines.push("", "**Environments:**", "");
    for (const env of settings.environments) {
      const from = env.promotesFrom ? `, promoted from \`${env.promotesFrom}\`` : "";
      lines.push(`- \`${env.name}\`: branch \`${env.branch}\`, path \`${env.path}/\`${from}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
