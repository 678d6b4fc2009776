import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../../../src/core/manifest/kube-object.ts";
import type { ReportContext, ReportOptions } from "../../../src/core/report/report-context.ts";

/** The golden cases under fixtures/diff. */
export const DIFF_FIXTURES = join(import.meta.dirname, "..", "..", "..", "fixtures", "diff");

/** One golden case: its directory, both sides as objects and text, and its report context. */
export interface DiffCase {
  readonly name: string;
  readonly dir: string;
  readonly before: KubeObject[];
  readonly after: KubeObject[];
  readonly raw: string;
  readonly context: ReportContext;
}

/** Returns every case directory of fixtures/diff, in name order. */
export function listDiffCases(): DiffCase[] {
  return readdirSync(DIFF_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => loadDiffCase(name));
}

/** Returns one golden case. */
export function loadDiffCase(name: string): DiffCase {
  const dir = join(DIFF_FIXTURES, name);
  const read = (file: string): string => readFileSync(join(dir, file), "utf8");
  const optionsFile = join(dir, "options.json");
  const options = existsSync(optionsFile) ? (JSON.parse(read("options.json")) as Partial<ReportOptions>) : {};
  return {
    name,
    dir,
    before: parseYaml(read("before.yaml")),
    after: parseYaml(read("after.yaml")),
    raw: read("before.yaml") + read("after.yaml"),
    context: {
      environment: "production",
      from: { sha: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", ref: "production" },
      to: { sha: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", ref: "staging" },
      options,
    },
  };
}

/** Returns the objects of a multi-document YAML text. */
export function parseYaml(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((obj): obj is KubeObject => obj !== null);
}

/** Separates the parts of a split comment in expected.md files. */
export const PART_BOUNDARY = "\n<!-- ======== next comment ======== -->\n";
