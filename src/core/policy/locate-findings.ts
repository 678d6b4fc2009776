import { parseManifests } from "../manifest/parse-manifests.ts";
import { parseResourceKey } from "../manifest/resource-key.ts";
import type { FileTree } from "../tree/file-tree.ts";
import type { Finding } from "./finding.ts";

/**
 * Returns the findings with a line added where one is missing: the line where the
 * resource's document starts in its source file (matched by kind and by a name the
 * rendered name contains, since prefixes, suffixes and hashes are added later), or the
 * line naming a generator. Findings that cannot be placed keep no line.
 */
export async function locateFindings<T extends Finding>(findings: readonly T[], tree: FileTree): Promise<T[]> {
  const texts = new Map<string, string | undefined>();
  const out: T[] = [];
  for (const f of findings) {
    if (f.file === undefined || f.line !== undefined || f.resourceKey === "") {
      out.push(f);
      continue;
    }
    if (!texts.has(f.file)) texts.set(f.file, tree.stat(f.file)?.type === "file" ? await tree.read(f.file) : undefined);
    const line = lineOf(texts.get(f.file), f.file, f.resourceKey);
    out.push(line === undefined ? f : { ...f, line });
  }
  return out;
}

function lineOf(text: string | undefined, file: string, key: string): number | undefined {
  if (text === undefined) return undefined;
  const { kind, name } = parseResourceKey(key);
  try {
    const docs = parseManifests(text, file).filter((d) => d.object.kind === kind);
    const exact = docs.find((d) => d.object.metadata.name === name) ?? docs.find((d) => name.includes(d.object.metadata.name ?? "\0"));
    if (exact) return exact.line;
  } catch {
    // A kustomization or a file the renderer read differently: fall back to a text search.
  }
  const lines = text.split("\n");
  const index = lines.findIndex((l) => {
    const m = /^\s*-?\s*name:\s*["']?([^"'\s#]+)/.exec(l);
    return m?.[1] !== undefined && name.includes(m[1]);
  });
  return index >= 0 ? index + 1 : undefined;
}
