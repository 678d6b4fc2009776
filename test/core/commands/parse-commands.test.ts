import { describe, expect, it } from "vitest";
import { parseCommands } from "../../../src/core/commands/index.ts";

describe("parseCommands", () => {
  it.each([
    { name: "finds a promote at the start of a line", body: "ship it\n/promote production", expected: [{ kind: "promote", env: "production", sha: undefined, line: 2 }] },
    { name: "takes a pinned SHA in lower case", body: "/promote production ABCDEF1", expected: [{ kind: "promote", env: "production", sha: "abcdef1", line: 1 }] },
    { name: "reads merge, diff and help", body: "/merge\n/diff\n/help", expected: [{ kind: "merge", line: 1 }, { kind: "diff", line: 2 }, { kind: "help", line: 3 }] },
    { name: "reads drift with its environment", body: "/drift staging", expected: [{ kind: "drift", env: "staging", line: 1 }] },
    { name: "reads a break-glass rollback", body: "/rollback production --now", expected: [{ kind: "rollback", env: "production", sha: undefined, now: true, line: 1 }] },
    { name: "tolerates CRLF line ends", body: "hi\r\n/merge\r\n", expected: [{ kind: "merge", line: 2 }] },
    { name: "ignores a command in a fenced code block", body: "```\n/merge\n```", expected: [] },
    { name: "ignores a command in a tilde fence", body: "~~~sh\n/promote production\n~~~\n", expected: [] },
    { name: "resumes after the fence closes", body: "```\n/merge\n```\n/diff", expected: [{ kind: "diff", line: 4 }] },
    { name: "ignores a quoted command", body: "> /merge\nno", expected: [] },
    { name: "ignores an indented command (a Markdown code block)", body: "    /merge", expected: [] },
    { name: "ignores a command in the middle of a line", body: "please /merge this", expected: [] },
    { name: "ignores paths that start with a slash", body: "/etc/hosts is fine", expected: [] },
    { name: "ignores a command hidden in an HTML comment, keeping line numbers", body: "<!--\n/promote production\n-->\n/diff", expected: [{ kind: "diff", line: 4 }] },
    { name: "ignores everything after an HTML comment left open", body: "hi <!-- secret\n/merge", expected: [] },
    { name: "quotes a mention as code, so the reply pings nobody", body: "/promote @acme/platform", expected: [{ kind: "invalid", command: "/promote @acme/platform", reason: "`@acme/platform` is not an environment name", line: 1 }] },
    { name: "quotes backticks with a longer fence", body: "/promote production `x`", expected: [{ kind: "invalid", command: "/promote production `x`", reason: "`` `x` `` is not a commit SHA (7 to 40 hex characters)", line: 1 }] },
    { name: "cuts a long argument short", body: `/promote ${"a".repeat(500)}`, expected: [{ kind: "invalid", command: `/promote ${"a".repeat(71)}…`, reason: `\`${"a".repeat(80)}…\` is not an environment name`, line: 1 }] },
    { name: "reports an unknown command", body: "/deploy production", expected: [{ kind: "invalid", command: "/deploy production", reason: "unknown command /deploy", line: 1 }] },
    { name: "reports a promote without environment", body: "/promote", expected: [{ kind: "invalid", command: "/promote", reason: "/promote needs an environment: `/promote <env> [<sha>]`", line: 1 }] },
    { name: "reports a malformed SHA", body: "/promote production main", expected: [{ kind: "invalid", command: "/promote production main", reason: "`main` is not a commit SHA (7 to 40 hex characters)", line: 1 }] },
    { name: "reports arguments to merge", body: "/merge now", expected: [{ kind: "invalid", command: "/merge now", reason: "/merge takes no arguments", line: 1 }] },
  ])("$name", ({ body, expected }) => {
    const commands = parseCommands(body);

    expect(commands).toEqual(expected);
  });

  it("rejects an environment name with shell or path characters", () => {
    const [command] = parseCommands("/promote ../../etc");

    expect(command).toMatchObject({ kind: "invalid", reason: "`../../etc` is not an environment name" });
  });
});
