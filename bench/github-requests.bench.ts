/**
 * GitHub requests for one `/promote production` on a repository with 1,000 manifest files
 * of which 10 changed, counted by the GitHub test server (goal: at most 20), and the
 * wall time from the comment's webhook to the PR with its report and check (goal: 2 s). The
 * alternative a user would otherwise have, a CI job that clones and runs kustomize twice,
 * makes no API requests but moves the whole repository; Ferry, cold, reads each side's
 * tarball, which also lists the commit, and no tree listings.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFerryServer } from "../src/start-server.ts";
import { GitHubTestServer } from "../test/support/github-server/github-test-server.ts";

const FILES = 1000;
const CHANGED = 10;

function buildRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-gh-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" } });
  git("init", "-q", "-b", "main");
  const names: string[] = [];
  mkdirSync(join(dir, "base"), { recursive: true });
  const write = (i: number, value: string) => writeFileSync(join(dir, "base", `cm-${String(i).padStart(4, "0")}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  value: "${value}"\n`);
  for (let i = 0; i < FILES; i++) {
    write(i, "v1");
    names.push(`cm-${String(i).padStart(4, "0")}.yaml`);
  }
  writeFileSync(join(dir, "base/kustomization.yaml"), `resources:\n${names.map((n) => `  - ${n}`).join("\n")}\n`);
  for (const env of ["staging", "production"]) {
    mkdirSync(join(dir, env));
    writeFileSync(join(dir, env, "kustomization.yaml"), `namespace: ${env}\nresources:\n  - ../base\n`);
  }
  mkdirSync(join(dir, ".github"));
  writeFileSync(join(dir, ".github/ferry.yml"), "environments:\n  - name: staging\n  - name: production\n    promotesFrom: staging\n    promoters: { permission: write }\n");
  git("add", "-A");
  git("commit", "-qm", "initial");
  git("branch", "staging");
  git("branch", "production");
  git("checkout", "-q", "staging");
  for (let i = 0; i < CHANGED; i++) write(i * 97, "v2");
  git("commit", "-qam", "change 10 files");
  git("checkout", "-q", "main");
  return dir;
}

/** Runs `/promote` with Octokit's throttling on (as Ferry runs it, with its write pacing) and off, and prints requests and wall time. */
export async function run(): Promise<void> {
  console.log(`| files | changed | Octokit throttling | GitHub requests (goal ≤ 20) | promotion PR opened | comment → PR with report and check (goal ≤ 2 s) |`);
  console.log(`| ---: | ---: | --- | ---: | --- | ---: |`);
  const runs = [];
  for (const throttle of [true, false]) runs.push(await promoteOnce(throttle));
  for (const r of runs) console.log(`| ${FILES} | ${CHANGED} | ${r.throttle ? "on (Ferry's pacing: bursts of 10 writes and 5 comments/PRs, then 1 s and 3 s apart)" : "off"} | ${r.requests} | ${r.opened ? "yes" : "NO"} | ${r.ms.toFixed(0)} ms |`);
  console.log([...(runs[0]?.byOp ?? [])].sort((a, b) => b[1] - a[1]).map(([op, n]) => `  ${n} × ${op}`).join("\n"));
  console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
}

async function promoteOnce(throttle: boolean): Promise<{ throttle: boolean; requests: number; opened: boolean; ms: number; byOp: Map<string, number> }> {
  const dir = buildRepo();
  const github = await GitHubTestServer.start({ checkResponses: false });
  await github.createRepo({ name: "config", from: dir });
  const ferry = await startFerryServer({ env: github.env(), logLevel: "silent", throttle });
  github.setWebhookUrl(ferry.webhookUrl);
  try {
    github.setPermission({ user: "dana", permission: "write" });
    const issue = await github.openPullRequest({ head: "staging", base: "main", title: "tracking", as: "dana" });
    await github.settled();
    github.clearLogs();
    const started = performance.now();
    github.comment({ issue, body: "/promote production", as: "dana" });
    await github.settled();
    const ms = performance.now() - started;
    const byOp = new Map<string, number>();
    for (const r of github.requests) byOp.set(r.operationId ?? r.path, (byOp.get(r.operationId ?? r.path) ?? 0) + 1);
    const opened = github.pulls().some((p) => p.pull?.headRef === "ferry/promote/production");
    return { throttle, requests: github.requests.length, opened, ms, byOp };
  } finally {
    await ferry.stop();
    await github.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
