/**
 * One render of a generated overlay of SIZE resources in a process of its own, so the
 * render bench can read its peak memory: `node --import tsx --trace-gc
 * bench/render-peak.ts SIZE` prints V8's GC trace (whose "before" figures are the heap's
 * high points) and, last, one JSON line with the peak RSS and the output size.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderKustomization } from "../src/core/render/render-kustomization.ts";
import { readDirTree } from "../test/support/read-dir-tree.ts";
import { writeRepo } from "./render.bench.ts";

const size = Number(process.argv[2] ?? 2000);
const root = mkdtempSync(join(tmpdir(), "ferry-render-peak-"));
try {
  writeRepo(root, size);
  const tree = readDirTree(root);
  const { yaml } = await renderKustomization(tree, "prod");
  console.log(JSON.stringify({ rssMB: process.resourceUsage().maxRSS / 1024, heapAtEndMB: process.memoryUsage().heapUsed / 1024 / 1024, outputBytes: yaml.length }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
