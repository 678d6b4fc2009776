/**
 * Renders generated overlays of 500 and 2,000 resources (namePrefix, labels with
 * selectors, images, a patch targeting every Deployment, generators) with Ferry
 * in-process and with `kubectl kustomize`, and prints medians, the ratio, whether the
 * outputs are identical, and Ferry's peak memory: the peak heap and RSS of one render in
 * a process of its own (bench/render-peak.ts), read from V8's GC trace, so the figures
 * are the render's, not the garbage of the timed runs. Goal: at most 150 MB of heap
 * for 2,000 resources.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderKustomization } from "../src/core/render/render-kustomization.ts";
import { readDirTree } from "../test/support/read-dir-tree.ts";
import { ensureBuilt, FERRY } from "./cli.bench.ts";
import { nodePeakRssMb, timeRuns } from "./time-command.ts";

/** Writes a base and a prod overlay with about `resources` objects under `root`. */
export function writeRepo(root: string, resources: number): void {
  const apps = Math.round(resources / 4); // each app: Deployment, Service, ConfigMap, Secret
  mkdirSync(join(root, "base"), { recursive: true });
  mkdirSync(join(root, "prod"), { recursive: true });
  const docs: string[] = [];
  const generators: string[] = [];
  for (let i = 0; i < apps; i++) {
    const name = `app-${i}`;
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: registry.example.com/${name}:1.0.${i}
        envFrom:
        - configMapRef:
            name: ${name}-config
        - secretRef:
            name: ${name}-secret
`);
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - port: 80
    targetPort: 8080
`);
    generators.push(`- name: ${name}-config\n  literals:\n  - INDEX=${i}\n  - MODE=base\n`);
  }
  writeFileSync(join(root, "base", "resources.yaml"), docs.join("---\n"));
  writeFileSync(join(root, "base", "kustomization.yaml"), `resources:\n- resources.yaml\nconfigMapGenerator:\n${generators.join("")}`);
  const secrets = Array.from({ length: apps }, (_, i) => `- name: app-${i}-secret\n  literals:\n  - token=t${i}\n`).join("");
  const images = Array.from({ length: Math.min(apps, 50) }, (_, i) => `- name: registry.example.com/app-${i}\n  newTag: "2.0.${i}"\n`).join("");
  writeFileSync(
    join(root, "prod", "kustomization.yaml"),
    `resources:
- ../base
namespace: prod
namePrefix: prod-
labels:
- pairs:
    env: prod
  includeSelectors: true
commonAnnotations:
  team: platform
images:
${images}secretGenerator:
${secrets}patches:
- target:
    kind: Deployment
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: any
    spec:
      replicas: 3
      template:
        spec:
          containers:
          - name: main
            resources:
              limits:
                memory: 512Mi
`,
  );
}

function kubectl(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("kubectl", ["kustomize", dir], { maxBuffer: 1024 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

/**
 * Returns the peak heap (the largest "before" figure of V8's GC trace, when the heap
 * is fullest) and the peak RSS of one render of `size` resources in a fresh process.
 */
function measurePeak(size: number): Promise<{ heapMB: number; rssMB: number }> {
  const script = fileURLToPath(new URL("./render-peak.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", "--trace-gc", script, String(size)], { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout) => {
      if (error) return reject(error);
      // GC trace lines may follow the result line: take the last line that is JSON.
      const json = stdout.split("\n").filter((line) => line.startsWith("{")).pop() ?? "{}";
      const last = JSON.parse(json) as { rssMB: number; heapAtEndMB: number };
      let heapMB = last.heapAtEndMB;
      for (const m of stdout.matchAll(/ ([0-9.]+) \([0-9.]+\) -> /g)) heapMB = Math.max(heapMB, Number(m[1]));
      resolve({ heapMB, rssMB: last.rssMB });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs the benchmark and prints a table. */
export async function run(): Promise<void> {
  // `ferry render` columns: the command as a user runs it (node bin/ferry.mjs, compiled
  // dist/), start-up included, against the same kubectl runs.
  ensureBuilt();
  const rows: string[] = ["| resources | ferry ms | kubectl ms | ratio | identical | ferry peak RSS MB | ferry peak heap MB | `ferry render` ms | ratio | `ferry render` peak RSS MB |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"];
  for (const size of [500, 2000]) {
    const root = mkdtempSync(join(tmpdir(), "ferry-render-bench-"));
    try {
      writeRepo(root, size);
      const tree = readDirTree(root);
      const ferryTimes: number[] = [];
      let ours = "";
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        ours = (await renderKustomization(tree, "prod")).yaml;
        ferryTimes.push(performance.now() - start);
      }
      const peak = await measurePeak(size);
      const kubectlTimes: number[] = [];
      let theirs = "";
      for (let i = 0; i < (size > 1000 ? 1 : 3); i++) {
        const start = performance.now();
        theirs = await kubectl(join(root, "prod"));
        kubectlTimes.push(performance.now() - start);
      }
      const cli = median(timeRuns({ command: process.execPath, args: [FERRY, "render", "prod"], cwd: root, runs: 3 }));
      const cliRss = nodePeakRssMb({ args: [FERRY, "render", "prod"], cwd: root });
      const f = median(ferryTimes);
      const k = median(kubectlTimes);
      const objects = ours.split("\n---\n").length;
      rows.push(`| ${objects} | ${f.toFixed(0)} | ${k.toFixed(0)} | ${(f / k).toFixed(3)} | ${ours === theirs ? "yes" : "no"} | ${peak.rssMB.toFixed(0)} | ${peak.heapMB.toFixed(0)} | ${cli.toFixed(0)} | ${(cli / k).toFixed(3)} | ${cliRss.toFixed(0)} |`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  console.log(rows.join("\n"));
}
