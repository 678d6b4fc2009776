import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findImportCycles, readImportGraph, staticClosure } from "../support/import-graph.ts";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));
const graph = readImportGraph(SRC);

describe("the import graph of src/", () => {
  it("has no import circles at run time (static, re-export or dynamic; `import type` loads nothing)", () => {
    const cycles = findImportCycles(graph);

    expect(cycles.map((c) => c.join(" → "))).toEqual([]);
  });

  it("lets `ferry help` load only the CLI's entry, its shared module and the command list", () => {
    const loaded = staticClosure(graph, "cli/main.ts");

    expect(loaded).toEqual(["cli/cli-io.ts", "cli/main.ts", "cli/registry.ts", "errors.ts"]);
  });

  it.each([...graph.keys()].filter((f) => f.startsWith("cli/commands/")).map((file) => ({ file })))("keeps $file from importing main.ts, the registry or another command", ({ file }) => {
    const imports = [...(graph.get(file)?.static ?? []), ...(graph.get(file)?.dynamic ?? [])];

    expect(imports.filter((i) => i === "cli/main.ts" || i === "cli/registry.ts" || i.startsWith("cli/commands/"))).toEqual([]);
  });
});

describe("findImportCycles", () => {
  it.each([
    { name: "finds a circle through a dynamic import", graph: { "a.ts": { static: ["b.ts"], dynamic: [] }, "b.ts": { static: [], dynamic: ["a.ts"] } }, expected: [["a.ts", "b.ts", "a.ts"]] },
    { name: "finds a file importing itself", graph: { "a.ts": { static: ["a.ts"], dynamic: [] } }, expected: [["a.ts", "a.ts"]] },
    { name: "finds none in a diamond", graph: { "a.ts": { static: ["b.ts", "c.ts"], dynamic: [] }, "b.ts": { static: ["d.ts"], dynamic: [] }, "c.ts": { static: ["d.ts"], dynamic: [] }, "d.ts": { static: [], dynamic: [] } }, expected: [] },
  ])("$name", ({ graph: input, expected }) => {
    const cycles = findImportCycles(new Map(Object.entries(input)));

    expect(cycles).toEqual(expected);
  });
});
