/**
 * Differential fuzzer (a test-support script, not a CI test: it runs kubectl once per
 * case). Generates kustomizations whose resources hold tricky YAML scalars (plain words
 * that other YAML versions read as booleans or numbers, dates, quoting corners, block
 * scalars with every chomping, trailing spaces, tabs, long lines, unicode, keys that
 * need quoting), renders each with Ferry and with `kubectl kustomize`, and reports the
 * cases whose bytes differ (or where one fails and the other does not).
 *
 *   npx tsx test/core/render/fuzz/render-fuzz.ts [--cases N] [--seed S] [--out DIR] [--src DIR]
 *
 * `--src` renders with another copy of Ferry's src/ (say an older commit's, from
 * `git archive`), to measure a change against the same cases.
 *
 * Each mismatch is written to DIR/<case>/ (input/, kubectl.yaml, ferry.yaml) so it can
 * become a golden fixture under fixtures/render/.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readDirTree } from "../../../support/read-dir-tree.ts";

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

/** A small seeded generator (mulberry32), so a run can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN_WORDS = [
  "yes", "No", "on", "OFF", "y", "n", "Y", "true", "False", "~", "null", "Null", "0755", "0o17", "0x1F", "-0x1F", "0b101", "1e3", "1E+3", "1.0e-3",
  ".inf", "-.Inf", ".nan", "1_000", "+12", "-0", "0.", ".5", "1.50", "007", "08", "12:30:00", "190:20:30", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
  "2001-12-14 21:59:43.10 -5", "123456789012345678901234", "=", "<<",
  "foo bar", "a:b", "http://example.com/a?b=c#d", "héllo", "日本語", "emoji🚀", "x-y_z.1", "1.2.3", "v1.27", "1,000", "$(VAR)", "%{x}",
];
const QUOTABLE = [
  "", " leading", "trailing ", "\ttab", "a\tb", "tab\t", "a # not a comment", "key: value", "- item", "[a, b]", "{a: b}", "*star", "&anchor", "!tag",
  "%percent", "@at", "`tick", "|pipe", ">gt", "'single'", '"double"', "back\\slash", "nbsp\u00a0x", "nel\u0085x", "ls\u2028x", "del\u007fx", "bell\u0007",
  "zero\u0000width", "bom\ufeffx", "line1\nline2", "trailing newline\n", "\nleading newline", "two\n\nbreaks", "spaces  \n  indented", "cr\r\nlf",
  "…ellipsis", "\u00e9\u0301 combining", "😀 surrogate pair", "?question", ": colon", "-", "--- ", "...", "# hash", "a: ", "a:\tb", "null", "yes", "1.0",
];

interface Gen {
  readonly r: () => number;
  pick<T>(list: readonly T[]): T;
  int(n: number): number;
}

function gen(r: () => number): Gen {
  return { r, pick: (list) => list[Math.floor(r() * list.length)] as never, int: (n) => Math.floor(r() * n) };
}

function longLine(g: Gen): string {
  const words = ["alpha", "beta", "gamma", "delta", "epsilon", "a", "bb", "ccc", " ", "x"];
  let s = "";
  const target = 60 + g.int(140);
  while (s.length < target) s += `${g.pick(words)}${g.r() < 0.8 ? " " : g.r() < 0.5 ? "  " : "-"}`;
  return g.r() < 0.5 ? s.trimEnd() : s;
}

function singleQuoted(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A scalar's source text for a mapping value at `indent`; may span lines. */
function scalarSource(g: Gen, indent: string): string {
  const roll = g.r();
  if (roll < 0.3) return g.pick(PLAIN_WORDS);
  if (roll < 0.45) return JSON.stringify(g.pick([...QUOTABLE, ...PLAIN_WORDS, longLine(g)]));
  if (roll < 0.55) {
    const s = g.pick([...QUOTABLE, ...PLAIN_WORDS]).replace(/[\n\r]/g, " ");
    return singleQuoted(s);
  }
  if (roll < 0.62) return longLine(g).trim() || "x";
  return blockSource(g, indent);
}

/** A block scalar's source: header (style, chomping, maybe an indentation indicator) and lines. */
function blockSource(g: Gen, indent: string): string {
  const style = g.pick(["|", ">"]);
  const chomp = g.pick(["", "-", "+"]);
  const lines: string[] = [];
  const count = 1 + g.int(5);
  if (g.r() < 0.2) lines.push("");
  for (let i = 0; i < count; i++) {
    const kind = g.r();
    if (kind < 0.15) lines.push("");
    else if (kind < 0.3) lines.push(`  ${g.pick(["more indented", "- item", "x"])}`);
    else if (kind < 0.4) lines.push(`${g.pick(["trailing", "x", "a b"])}${" ".repeat(1 + g.int(3))}`);
    else if (kind < 0.48) lines.push(`with\ttab`);
    else if (kind < 0.6) lines.push(longLine(g).trim());
    else lines.push(g.pick(["plain line", "key: value", "# not comment", "yes", "1.50", "日本語 🚀", "'q'", '"dq"', "- dash", "{a}", "end."]));
  }
  const trailingBlank = g.r() < 0.3 ? 1 + g.int(2) : 0;
  for (let i = 0; i < trailingBlank; i++) lines.push("");
  // A first line starting with a space needs an explicit indentation indicator.
  const firstText = lines.find((l) => l !== "");
  const needsIndicator = firstText === undefined || firstText.startsWith(" ") || lines[0] === "";
  const header = `${style}${needsIndicator ? "2" : ""}${chomp}`;
  const body = lines.map((l) => (l === "" ? (g.r() < 0.2 ? `${indent}  ` : "") : `${indent}  ${l}`)).join("\n");
  return `${header}\n${body}`;
}

function keySource(g: Gen): string {
  const roll = g.r();
  if (roll < 0.5) return g.pick(["app", "data-key", "config.json", "a_b", "x.y.z", "K8S_VAR", "app.kubernetes.io/name", "example.com/ratio"]);
  // Unquoted, most of these are not strings and both tools refuse them: quote nearly all.
  if (roll < 0.7) return g.pick(["yes", "on", "n", "1", "0x1", "1.5", "true", "null", "~", "2001-12-14"].map((k) => (g.r() < 0.9 || k === "yes" || k === "on" || k === "n" ? JSON.stringify(k) : k)));
  return JSON.stringify(g.pick(["a b", "a:b", "#x", "-x", "[x]", "é", "🚀", "trailing ", " leading", "with\ttab", "x: y", "*", "&a", "!t", "?q", "%p", "@a", "`t"]));
}

function mapSource(g: Gen, indent: string, entries: number): string {
  const keys = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < entries; i++) {
    const key = keySource(g);
    if (keys.has(key)) continue;
    keys.add(key);
    out.push(`${indent}${key}: ${scalarSource(g, indent)}`);
  }
  return out.join("\n");
}

function caseFiles(g: Gen, n: number): Record<string, string> {
  const cm = [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    `  name: cm-${n}`,
    ...(g.r() < 0.5 ? ["  annotations:", mapSource(g, "    ", 1 + g.int(4))] : []),
    ...(g.r() < 0.3 ? ["  labels:", mapSource(g, "    ", 1 + g.int(2))] : []),
    "data:",
    mapSource(g, "  ", 1 + g.int(5)),
  ].join("\n");
  const custom = [
    "apiVersion: example.com/v1",
    "kind: Widget",
    "metadata:",
    `  name: w-${n}`,
    "spec:",
    mapSource(g, "  ", 1 + g.int(4)),
    "  list:",
    ...Array.from({ length: 1 + g.int(3) }, () => `  - ${scalarSource(g, "  ")}`),
  ].join("\n");
  const kustomization = ["resources:", "- res.yaml"];
  if (g.r() < 0.3) kustomization.push("namePrefix: p-");
  if (g.r() < 0.3) kustomization.push("commonAnnotations:", `  note: ${JSON.stringify(g.pick(QUOTABLE))}`);
  if (g.r() < 0.25) {
    const value = JSON.stringify(g.pick([...QUOTABLE, ...PLAIN_WORDS]));
    kustomization.push("patches:", "- target: {kind: Widget}", "  patch: |-", "    - op: add", "      path: /spec/added", `      value: ${value}`);
  }
  const k = kustomization.join("\n");
  return { "kustomization.yaml": `${k}\n`, "res.yaml": `${cm}\n---\n${custom}\n` };
}

function kubectl(dir: string): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile("kubectl", ["kustomize", dir], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ ok: error === null, out: error === null ? stdout : stderr }));
  });
}

type Render = (tree: ReturnType<typeof readDirTree>, path: string) => Promise<{ yaml: string }>;

async function ferry(render: Render, dir: string): Promise<{ ok: boolean; out: string }> {
  try {
    return { ok: true, out: (await render(readDirTree(dir), "")).yaml };
  } catch (error) {
    return { ok: false, out: error instanceof Error ? error.message : String(error) };
  }
}

async function main(): Promise<void> {
  const cases = Number(arg("cases", "200"));
  const seed = Number(arg("seed", "1"));
  const outDir = arg("out", join(tmpdir(), "ferry-render-fuzz"));
  const src = arg("src", new URL("../../../../src", import.meta.url).pathname);
  const { renderKustomization } = (await import(pathToFileURL(join(src, "core/render/render-kustomization.ts")).href)) as { renderKustomization: Render };
  const g = gen(random(seed));
  const work = mkdtempSync(join(tmpdir(), "ferry-fuzz-"));
  let mismatches = 0;
  let bothFailed = 0;
  for (let n = 0; n < cases; n++) {
    const files = caseFiles(g, n);
    const dir = join(work, `case-${n}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const [theirs, ours] = await Promise.all([kubectl(dir), ferry(renderKustomization, dir)]);
    if (!theirs.ok && !ours.ok) bothFailed++;
    const same = theirs.ok === ours.ok && (!theirs.ok || theirs.out === ours.out);
    if (!same) {
      mismatches++;
      const keep = join(outDir, `seed${seed}-case-${n}`);
      mkdirSync(join(keep, "input"), { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(keep, "input", name), text);
      writeFileSync(join(keep, "kubectl.yaml"), theirs.out);
      writeFileSync(join(keep, "ferry.yaml"), ours.out);
      console.log(`MISMATCH case ${n}: kubectl ${theirs.ok ? "ok" : "failed"}, ferry ${ours.ok ? "ok" : "failed"} → ${keep}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
  console.log(`render-fuzz: seed ${seed}, ${cases} cases, ${mismatches} mismatches (${((100 * mismatches) / cases).toFixed(1)}%), ${bothFailed} refused by both`);
}

await main();
