import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.ts";

const repo = mkdtempSync(join(tmpdir(), "ferry-render-cli-"));
const git = (...args: string[]): string => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
git("init", "-q", "-b", "main");
mkdirSync(join(repo, "app"));
writeFileSync(join(repo, "app", "kustomization.yaml"), "resources: [cm.yaml]\nnamePrefix: v1-\n");
writeFileSync(join(repo, "app", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n");
git("add", ".");
git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "one");
writeFileSync(join(repo, "app", "kustomization.yaml"), "resources: [cm.yaml]\nnamePrefix: v2-\n");
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function capture(cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env: {}, out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

describe("ferry render", () => {
  it.each([
    { name: "the working directory without --ref", args: ["app"], expected: "name: v2-cfg" },
    { name: "the committed tree with --ref", args: ["app", "--ref", "HEAD"], expected: "name: v1-cfg" },
  ])("renders $name", async ({ args, expected }) => {
    const io = capture(repo);

    const code = await main(["render", ...args], io);

    expect(code).toBe(0);
    expect(io.out.join("")).toContain(expected);
  });

  it("fails with a usage error without PATH", async () => {
    const io = capture(repo);

    const code = await main(["render"], io);

    expect(code).toBe(2);
    expect(io.err.join("")).toContain("PATH is missing");
  });
});
