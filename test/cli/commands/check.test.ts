import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../../src/cli/main.ts";
import { createTestRepo, type TestRepo } from "../../support/git-repo.ts";

const SETTINGS = "environments:\n  - name: staging\n  - name: production\n    promotesFrom: staging\n";
const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\ndata: {LOG_LEVEL: info}\n";
const CANARY = "CANARYcliPASSWORD42";
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: ${CANARY}}\n`;

let repo: TestRepo;

beforeAll(() => {
  repo = createTestRepo();
  repo.commit({ ".github/ferry.yml": SETTINGS, "staging/cm.yaml": CM }, "initial");
  repo.git("branch", "staging");
  repo.git("checkout", "-q", "-b", "leaky");
  repo.commit({ "staging/db.yaml": SECRET, ".github/ferry.yml": `${SETTINGS}policy:\n  rules:\n    no-plaintext-secrets: {severity: "off"}\n` }, "add a secret and switch the rule off");
  repo.git("checkout", "-q", "-b", "broken", "main");
  repo.commit({ "staging/cm.yaml": "kind: ConfigMap\nmetadata:\n  name: [x\n" }, "break yaml");
  repo.git("checkout", "-q", "main");
});

afterAll(() => repo.remove());

async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { cwd: repo.dir, env: {}, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(["check", ...args], io);
  return { code, out, err };
}

describe("ferry check", () => {
  it.each([
    { name: "exits 0 when no finding is an error", args: ["--env", "staging", "--ref", "main"], code: 0, contains: "staging: 0 error(s)" },
    { name: "exits 1 on errors, judged by the default branch's settings and not the ref's", args: ["--env", "staging", "--ref", "leaky"], code: 1, contains: "Secret shop/db in staging/db.yaml has 1 value committed in the clear" },
    { name: "exits 2 when the environment does not render", args: ["--env", "staging", "--ref", "broken"], code: 2, contains: "does not render" },
    { name: "exits 2 on an unknown environment", args: ["--env", "qa"], code: 2, contains: "" },
    { name: "exits 2 on an unknown format", args: ["--env", "staging", "--format", "xml"], code: 2, contains: "" },
  ])("$name", async ({ args, code, contains }) => {
    const result = await runCli(args);

    expect(result.code).toBe(code);
    expect(result.out).toContain(contains);
    expect(result.out + result.err).not.toContain(CANARY);
  });

  it("writes SARIF 2.1.0 without the secret value", async () => {
    const result = await runCli(["--env", "staging", "--ref", "leaky", "--format", "sarif"]);

    const sarif = JSON.parse(result.out) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain("no-plaintext-secrets");
    expect(result.out).not.toContain(CANARY);
  });
});
