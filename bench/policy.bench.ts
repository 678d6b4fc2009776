/**
 * The ferry/policy rules on a 5,000-resource environment: 1,000 apps of a Deployment,
 * Service, ConfigMap, ServiceAccount and PodDisruptionBudget, with 100 apps changed
 * between base and head (new image, new config value). Prints the time of one full
 * evaluation (render both sides, diff, changed files, all nine rules) and peak memory.
 */
import { parseSettings } from "../src/config/index.ts";
import { diffManifests } from "../src/core/diff/index.ts";
import { collectChangedFiles, evaluateEnvironmentPolicy, evaluatePolicies, renderOutcome } from "../src/core/policy/index.ts";
import { buildMemoryFileTree } from "../src/core/tree/index.ts";

const APPS = 1000;

function app(i: number, version: string, level: string): string {
  const name = `app-${i}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      serviceAccountName: ${name}
      containers:
        - name: app
          image: ghcr.io/acme/${name}:${version}
          envFrom: [{configMapRef: {name: ${name}}}]
          resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {memory: 128Mi}}
          readinessProbe: {httpGet: {path: /healthz, port: 8080}}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}}
immutable: true
data: {LOG_LEVEL: ${level}, UPSTREAM: "http://app-${(i + 1) % APPS}"}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: ${name}}}
`;
}

function files(changed: number): Record<string, string> {
  const out: Record<string, string> = { "staging/kustomization.yaml": `namespace: shop\nresources:\n${Array.from({ length: APPS }, (_, i) => `  - app-${i}.yaml\n`).join("")}` };
  for (let i = 0; i < APPS; i++) out[`staging/app-${i}.yaml`] = i < changed ? app(i, "1.1.0", "debug") : app(i, "1.0.0", "info");
  return out;
}

/** Runs the benchmark and prints time and peak memory. */
export async function run(): Promise<void> {
  const settings = parseSettings("environments:\n  - name: staging\n  - name: production\n    promotesFrom: staging\npolicy:\n  config: {approvals: 1}\n  images: {registries: [ghcr.io/acme]}\n");
  const environment = settings.environments[0];
  if (!environment) throw new Error("no environment");
  const baseTree = buildMemoryFileTree(files(0));
  const headTree = buildMemoryFileTree(files(100));
  const reviews = { headSha: "h".repeat(40), approvals: [{ login: "rob", commitId: "h".repeat(40) }], teamMembers: {} };
  const pull = { author: "dana", pushers: ["dana"], isPromotion: false, fastForward: true, commitsNotInSource: [] };

  // One warm-up run, then the measured runs: the whole evaluation, and its stages alone.
  await evaluateEnvironmentPolicy({ settings, environment, baseTree, headTree, reviews, pull });
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const result = await evaluateEnvironmentPolicy({ settings, environment, baseTree, headTree, reviews, pull });
    times.push(performance.now() - started);
    findings = result.findings.length;
  }
  const stage = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
    const started = performance.now();
    const value = await f();
    return [value, performance.now() - started];
  };
  const [before, renderMs] = await stage(() => renderOutcome(baseTree, environment.path));
  const [after] = await stage(() => renderOutcome(headTree, environment.path));
  const [diff, diffMs] = await stage(() => (before.ok && after.ok ? diffManifests({ before: before.resources.map((r) => r.object), after: after.resources.map((r) => r.object) }) : undefined));
  const [changedFiles, filesMs] = await stage(() => collectChangedFiles({ before: baseTree, after: headTree }));
  const [, rulesMs] = await stage(() => evaluatePolicies({ settings, environment, before, after, changedFiles, reviews, pull, ...(diff ? { diff } : {}) }));
  const best = Math.min(...times);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`policy on ${APPS * 5} resources (${APPS} files, 100 changed): best ${best.toFixed(0)} ms of ${times.length}, ${findings} findings, peak RSS ${peakMb.toFixed(0)} MB (goal ≤ 300 MB; the process peak, so run alone: npm run bench -- policy)`);
  console.log(`  stages: render one side ${renderMs.toFixed(0)} ms, diff ${diffMs.toFixed(0)} ms, changed files ${filesMs.toFixed(0)} ms, the nine rules ${rulesMs.toFixed(0)} ms`);
}
