import { describe, expect, it } from "vitest";
import { chooseRollbackTarget, type DeploymentRecord } from "../../../src/core/rollback/index.ts";

const sha = (c: string) => c.repeat(40);
const history: DeploymentRecord[] = [
  { sha: sha("d"), state: "failure" },
  { sha: sha("c"), state: "success" },
  { sha: sha("b"), state: "failure" },
  { sha: sha("b"), state: "success" },
  { sha: sha("a"), state: "success" },
];

describe("chooseRollbackTarget", () => {
  it.each([
    { name: "picks the newest good SHA before the current one", current: sha("d"), requested: undefined, expected: { target: sha("c") } },
    { name: "skips the current SHA even when it succeeded", current: sha("c"), requested: undefined, expected: { target: sha("a") } },
    { name: "accepts a requested good SHA by its short form", current: sha("d"), requested: "aaaaaaa", expected: { target: sha("a") } },
  ])("$name", ({ current, requested, expected }) => {
    const choice = chooseRollbackTarget({ environment: "production", history, current, ...(requested ? { requested } : {}) });

    expect(choice).toMatchObject(expected);
  });

  it.each([
    { name: "refuses a SHA marked bad, even one that succeeded before", requested: "bbbbbbb", error: /`bbbbbbb` is marked bad/ },
    { name: "refuses a SHA that never deployed", requested: "eeeeeee", error: /never deployed successfully to production/ },
    { name: "refuses the current SHA", requested: "ddddddd", error: /marked bad/ },
  ])("$name and lists the good candidates", ({ requested, error }) => {
    const choice = chooseRollbackTarget({ environment: "production", history, current: sha("d"), requested });

    expect("error" in choice && choice.error).toMatch(error);
    expect("error" in choice && choice.error).toContain("`ccccccc`, `aaaaaaa`");
  });

  it("says there is nothing to roll back to without an earlier success", () => {
    expect(chooseRollbackTarget({ environment: "staging", history: [{ sha: sha("f"), state: "success" }], current: sha("f") })).toEqual({ error: "staging has no earlier successful deployment", candidates: [] });
  });
});
