/**
 * `npm run bench -- plan`: `ferry plan` of a 5,000-resource environment (two renders
 * from git, diff, report) against what a user would otherwise run: `kubectl kustomize`
 * at both commits (in git worktrees) and `diff -u` of the two outputs. Ferry runs in a
 * child process per size so its peak memory (max RSS) is its own; the 10,000-resource
 * run checks the memory goal (< 500 MB). `kubectl kustomize` grows faster than linearly
 * with the resource count (about 11 minutes for both commits at 5,000 on a shared
 * 2-core machine), so FERRY_BENCH_PLAN_SIZE sets a smaller size for quick runs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SIZE = Number(process.env.FERRY_BENCH_PLAN_SIZE ?? 5_000);
// FERRY_BENCH_PLAN_MEMORY_SIZE runs the memory check alone at its size, e.g. 10000 with a
// small FERRY_BENCH_PLAN_SIZE, without the long kubectl baseline at 5,000.
const MEMORY_SIZE = Number(process.env.FERRY_BENCH_PLAN_MEMORY_SIZE ?? SIZE * 2);
const MEMORY_GOAL_MB = 500;

/** Runs the benchmark and prints the ratio and peak memory. */
export async function run(): Promise<void> {
  const repo = buildRepo(SIZE);
  try {
    const ferry = runFerryChild(repo.dir, repo.from, repo.to);
    console.log(`environment: ${SIZE} resources, ${ferry.changes} changed between the two commits`);
    console.log(`ferry plan (2 renders + diff + report, in process): ${ferry.ms.toFixed(0)} ms, peak RSS ${ferry.maxRssMb.toFixed(0)} MB`);
    const baseline = runBaseline(repo.dir, repo.from, repo.to);
    console.log(`baseline (kubectl kustomize ×2 + diff -u):        ${baseline.ms.toFixed(0)} ms`);
    console.log(`ratio ferry/baseline: ${(ferry.ms / baseline.ms).toFixed(2)}× (goal ≤ 1.00×)`);
  } finally {
    repo.remove();
  }
  const big = buildRepo(MEMORY_SIZE);
  try {
    const ferry = runFerryChild(big.dir, big.from, big.to);
    console.log(`ferry plan of ${MEMORY_SIZE} resources: ${ferry.ms.toFixed(0)} ms, peak RSS ${ferry.maxRssMb.toFixed(0)} MB (goal < ${MEMORY_GOAL_MB} MB)`);
  } finally {
    big.remove();
  }
}

interface FerryRun {
  ms: number;
  maxRssMb: number;
  changes: number;
}

function runFerryChild(repoDir: string, from: string, to: string): FerryRun {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ["--import", "tsx", self, "--child", repoDir, from, to], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`ferry child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as FerryRun;
}

// The child: one cold plan, as `ferry plan` would run it, then its own peak RSS.
async function child(repoDir: string, from: string, to: string): Promise<void> {
  const { planEnvironment } = await import("../src/workflows/plan-environment.ts");
  const { gitTreeSource } = await import("../src/cli/git-tree-source.ts");
  const { renderDiffComment } = await import("../src/core/report/index.ts");
  const started = performance.now();
  const plan = await planEnvironment({ environment: "production", from, to, trees: gitTreeSource(repoDir) });
  const parts = renderDiffComment(plan.diff, plan.context).parts;
  const ms = performance.now() - started;
  if (parts.length === 0) throw new Error("no report");
  const result: FerryRun = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, changes: plan.diff.changes.length };
  console.log(JSON.stringify(result));
}

function runBaseline(repoDir: string, from: string, to: string): { ms: number } {
  const work = mkdtempSync(join(tmpdir(), "ferry-bench-wt-"));
  const a = join(work, "a");
  const b = join(work, "b");
  try {
    // Worktrees are set up outside the timing: a user would already have checkouts.
    execFileSync("git", ["worktree", "add", "--detach", "-q", a, from], { cwd: repoDir });
    execFileSync("git", ["worktree", "add", "--detach", "-q", b, to], { cwd: repoDir });
    const started = performance.now();
    const outA = execFileSync("kubectl", ["kustomize", join(a, "production")], { maxBuffer: 1 << 30 });
    const outB = execFileSync("kubectl", ["kustomize", join(b, "production")], { maxBuffer: 1 << 30 });
    writeFileSync(join(work, "a.yaml"), outA);
    writeFileSync(join(work, "b.yaml"), outB);
    // diff exits 1 when the files differ; that is the expected outcome here.
    spawnSync("diff", ["-u", join(work, "a.yaml"), join(work, "b.yaml")], { maxBuffer: 1 << 30 });
    return { ms: performance.now() - started };
  } finally {
    execFileSync("git", ["worktree", "remove", "--force", a], { cwd: repoDir });
    execFileSync("git", ["worktree", "remove", "--force", b], { cwd: repoDir });
    rmSync(work, { recursive: true, force: true });
  }
}

// A typical layout: base/ with the apps (Deployment, Service, ConfigMap, ServiceAccount
// per app), production/ overlaying namespace, labels, an image tag and a generated
// ConfigMap. The second commit bumps images, replicas and config of every 50th app.
function buildRepo(size: number): { dir: string; from: string; to: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-"));
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@example.com", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@example.com" } }).trim();
  git("init", "-q", "-b", "main");
  const apps = Math.floor(size / 4);
  const write = (version: number): void => {
    const files: string[] = [];
    const perFile = 50;
    for (let start = 0; start < apps; start += perFile) {
      const docs: string[] = [];
      for (let i = start; i < Math.min(apps, start + perFile); i++) docs.push(appYaml(i, i % 50 === 0 ? version : 1));
      const file = `apps-${String(start / perFile).padStart(3, "0")}.yaml`;
      files.push(file);
      mkdirSync(join(dir, "base"), { recursive: true });
      writeFileSync(join(dir, "base", file), docs.join("---\n"));
    }
    writeFileSync(join(dir, "base", "kustomization.yaml"), `resources:\n${files.map((f) => `- ${f}`).join("\n")}\n`);
    mkdirSync(join(dir, "production"), { recursive: true });
    writeFileSync(join(dir, "production", "kustomization.yaml"), `namespace: shop-production\nlabels:\n- pairs:\n    environment: production\nresources:\n- ../base\nimages:\n- name: ghcr.io/acme/app-0\n  newTag: "${version}.0.0"\nconfigMapGenerator:\n- name: release\n  literals:\n  - VERSION=${version}\n`);
  };
  write(1);
  git("add", "-A");
  git("commit", "-q", "-m", "first");
  const from = git("rev-parse", "HEAD");
  write(2);
  git("add", "-A");
  git("commit", "-q", "-m", "second");
  const to = git("rev-parse", "HEAD");
  return { dir, from, to, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function appYaml(i: number, version: number): string {
  const name = `app-${i}`;
  return [
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  replicas: ${version + 1}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      serviceAccountName: ${name}\n      containers:\n      - name: app\n        image: ghcr.io/acme/${name}:${version}.0.0\n        ports:\n        - containerPort: 8080\n        envFrom:\n        - configMapRef:\n            name: ${name}-config\n        resources:\n          limits:\n            cpu: 500m\n            memory: 256Mi\n`,
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - port: 80\n    targetPort: 8080\n`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\ndata:\n  LOG_LEVEL: info\n  VERSION: "${version}"\n  FEATURE_FLAGS: checkout,search,recommendations\n`,
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n`,
  ].join("---\n");
}

if (process.argv[2] === "--make-repo") {
  const repo = buildRepo(Number(process.argv[3] ?? SIZE));
  console.log(JSON.stringify({ dir: repo.dir, from: repo.from, to: repo.to }));
}

if (process.argv[2] === "--child") {
  const [repoDir, from, to] = process.argv.slice(3);
  if (repoDir === undefined || from === undefined || to === undefined) throw new Error("usage: plan.bench.ts --child REPO FROM TO");
  await child(repoDir, from, to);
}
