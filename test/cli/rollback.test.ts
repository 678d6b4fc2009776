import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.ts";
import { createExampleRepo, type ExampleRepo } from "../../src/cli/example-repo.ts";

describe("ferry rollback", () => {
  let repo: ExampleRepo;
  let out: string[];
  let err: string[];
  const io = (): CliIo => ({ cwd: repo.dir, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo.dir, encoding: "utf8" }).trim();

  beforeEach(async () => {
    repo = await createExampleRepo();
    git("branch", "-f", "production", repo.release);
    [out, err] = [[], []];
  });
  afterEach(() => rmSync(repo.dir, { recursive: true, force: true }));

  it("fast-forwards the environment branch to a commit with the previous state's tree", async () => {
    const code = await main(["rollback", "--env", "production"], io());

    expect(code).toBe(0);
    expect(git("rev-parse", "production^")).toBe(repo.release);
    expect(git("rev-parse", "production^{tree}")).toBe(git("rev-parse", `${repo.initial}^{tree}`));
    expect(git("log", "-1", "--format=%B", "production", "--")).toContain(`Ferry-Rollback: production ${repo.initial}`);
    expect(out.join("")).toMatch(/^production: production fast-forwarded to [0-9a-f]{7}, whose tree is [0-9a-f]{7}'s\. Push it: git push origin production/);
  });

  it.each([
    { name: "refuses a SHA the branch never had", args: ["--to", "staging"], setup: () => git("branch", "-f", "production", "HEAD"), message: /is not in the history of production/ },
    { name: "refuses a target with the same tree", args: ["--to", "production"], setup: () => undefined, message: /already has the tree/ },
    { name: "refuses an unknown option", args: ["--force"], setup: () => undefined, message: /Unknown option '--force'.*usage: ferry rollback/ },
  ])("$name", async ({ args, setup, message }) => {
    setup();

    const code = await main(["rollback", "--env", "production", ...args], io());

    expect(code).toBe(2);
    expect(err.join("")).toMatch(message);
  });
});
