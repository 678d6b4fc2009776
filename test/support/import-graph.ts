/**
 * The relative-import graph of a source tree, read with TypeScript's own pre-processor
 * (`ts.preProcessFile`: static, re-export and dynamic imports alike; type-only imports,
 * which load nothing, left out), for tests that keep import circles out and `ferry help` light.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** Returns each `.ts` file under `root` (as a `/`-separated path relative to it) with the files it imports. */
export function readImportGraph(root: string): Map<string, { static: string[]; dynamic: string[] }> {
  const graph = new Map<string, { static: string[]; dynamic: string[] }>();
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    const info = ts.preProcessFile(text, true, true);
    const targets = { static: [] as string[], dynamic: [] as string[] };
    for (const imported of info.importedFiles) {
      if (!imported.fileName.startsWith(".")) continue;
      const target = relative(root, resolve(root, dirname(file), imported.fileName)).split(sep).join("/");
      const before = text.slice(Math.max(0, imported.pos - 2_000), imported.pos);
      // `import type` is erased from the JavaScript: it loads nothing, so it cannot close a circle at run time.
      if (/(?:^|[;\n])\s*(?:import|export)\s+type\b[^;]*$/.test(before)) continue;
      const dynamic = /import\s*\(\s*$/.test(before);
      (dynamic ? targets.dynamic : targets.static).push(target);
    }
    graph.set(file.split(sep).join("/"), targets);
  }
  return graph;
}

/** Returns every import circle in `graph` (each as the files around it, first file repeated at the end). */
export function findImportCycles(graph: ReadonlyMap<string, { static: string[]; dynamic: string[] }>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    const edges = graph.get(file);
    for (const next of [...(edges?.static ?? []), ...(edges?.dynamic ?? [])]) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

/** Returns the files `entry` loads before running, following static imports only. */
export function staticClosure(graph: ReadonlyMap<string, { static: string[]; dynamic: string[] }>, entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const next of graph.get(file)?.static ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen].sort();
}
