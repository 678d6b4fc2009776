import { code } from "../report/markdown.ts";

/** The commands Ferry understands, in the order `/help` lists them. */
export const COMMAND_NAMES = ["promote", "merge", "diff", "drift", "rollback", "help"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** A command found in a comment. `unknown` carries what was typed so the reply can quote it. */
export type ParsedCommand =
  | { readonly kind: "promote"; readonly env: string; readonly sha: string | undefined; readonly line: number }
  | { readonly kind: "merge"; readonly line: number }
  | { readonly kind: "diff"; readonly line: number }
  | { readonly kind: "drift"; readonly env: string; readonly line: number }
  | { readonly kind: "rollback"; readonly env: string; readonly sha: string | undefined; readonly now: boolean; readonly line: number }
  | { readonly kind: "help"; readonly line: number }
  | { readonly kind: "invalid"; readonly command: string; readonly reason: string; readonly line: number };

const SHA = /^[0-9a-f]{7,40}$/;
const ENV = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * Returns the Ferry commands in a comment body. A command is a line that starts with
 * `/` at column 0 (no indentation: four spaces make a Markdown code block), outside
 * fenced code blocks, block quotes and HTML comments, so quoting someone else's
 * `/merge`, showing it in an example or hiding it where readers of the thread cannot
 * see it never runs it. What the person typed comes back in `command` and `reason` cut
 * short and inside code spans, so a reply that quotes it mentions nobody and renders
 * no Markdown or HTML of theirs. Pure and deterministic.
 *
 * @example
 * parseCommands("LGTM\n/promote production") // → [{ kind: "promote", env: "production", sha: undefined, line: 2 }]
 */
export function parseCommands(body: string): ParsedCommand[] {
  const commands: ParsedCommand[] = [];
  let fence: string | undefined;
  // An HTML comment is invisible on GitHub: blanked out (line breaks kept, so line
  // numbers stay), and one left open hides the rest of the comment, as GitHub does.
  const visible = body.replace(/\r\n?/g, "\n").replace(/<!--[\s\S]*?(?:-->|$)/g, (hidden) => hidden.replace(/[^\n]/g, ""));
  const lines = visible.split("\n");
  lines.forEach((text, index) => {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(text);
    if (fenceMatch) {
      const marker = fenceMatch[1] as string;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) fence = undefined;
      return;
    }
    if (fence !== undefined || !text.startsWith("/")) return;
    const words = text.trim().split(/\s+/);
    const name = (words[0] as string).slice(1);
    if (!/^[a-z][a-z-]*$/i.test(name)) return; // a path such as "/etc/hosts" is not a command
    commands.push(parseOne(name.toLowerCase(), words.slice(1), index + 1));
  });
  return commands;
}

function parseOne(name: string, args: string[], line: number): ParsedCommand {
  const invalid = (reason: string): ParsedCommand => ({ kind: "invalid", command: clip(`/${[name, ...args].join(" ")}`), reason, line });
  switch (name) {
    case "promote":
    case "rollback": {
      const now = name === "rollback" && args.includes("--now");
      const rest = args.filter((a) => !(name === "rollback" && a === "--now"));
      const [env, sha, extra] = rest;
      if (env === undefined) return invalid(`/${name} needs an environment: \`/${name} <env> [<sha>]\``);
      if (!ENV.test(env)) return invalid(`${quote(env)} is not an environment name`);
      if (sha !== undefined && !SHA.test(sha.toLowerCase())) return invalid(`${quote(sha)} is not a commit SHA (7 to 40 hex characters)`);
      if (extra !== undefined) return invalid(`unexpected ${quote(extra)} after the SHA`);
      const lowered = sha?.toLowerCase();
      return name === "promote" ? { kind: "promote", env, sha: lowered, line } : { kind: "rollback", env, sha: lowered, now, line };
    }
    case "drift": {
      const [env, extra] = args;
      if (env === undefined) return invalid("/drift needs an environment: `/drift <env>`");
      if (!ENV.test(env) || extra !== undefined) return invalid("usage: `/drift <env>`");
      return { kind: "drift", env, line };
    }
    case "merge":
    case "diff":
    case "help":
      if (args.length > 0) return invalid(`/${name} takes no arguments`);
      return { kind: name, line };
    default:
      return invalid(`unknown command /${name}`);
  }
}

// A reply quotes at most this much of what was typed: enough to recognise it.
const MAX_QUOTED = 80;

function clip(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

function quote(text: string): string {
  return code(clip(text));
}
