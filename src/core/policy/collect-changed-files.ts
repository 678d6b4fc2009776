import { diffLines } from "diff";
import type { FileTree } from "../tree/file-tree.ts";
import type { ChangedFile } from "./policy-input.ts";
import { isEncryptedText } from "./secret-forms.ts";

/** Files larger than this are compared but not scanned line by line (generated blobs, archives). */
const MAX_SCAN_BYTES = 1024 * 1024;

/**
 * Returns the files that differ between two trees, sorted by path, with the lines the
 * head adds (all lines of a new file). Without a base every file of the head counts as
 * added. Reads through the FileTree port only; binary files get no lines.
 */
export async function collectChangedFiles(params: { before?: FileTree; after: FileTree }): Promise<ChangedFile[]> {
  const { before, after } = params;
  const paths = new Set([...listFiles(after), ...(before ? listFiles(before) : [])]);
  const out: ChangedFile[] = [];
  for (const path of [...paths].sort()) {
    const inAfter = after.stat(path)?.type === "file";
    const inBefore = before?.stat(path)?.type === "file";
    if (!inAfter) {
      out.push({ path, status: "removed", addedLines: [], encrypted: false });
      continue;
    }
    const [a, b] = await Promise.all([after.read(path), inBefore && before ? before.read(path) : Promise.resolve(undefined)]);
    if (a === b) continue;
    const scan = Buffer.byteLength(a) <= MAX_SCAN_BYTES && !a.includes("\0");
    out.push({ path, status: b === undefined ? "added" : "modified", addedLines: scan ? addedLines(b ?? "", a) : [], encrypted: isEncryptedText(a) });
  }
  return out;
}

function listFiles(tree: FileTree, dir = ""): string[] {
  const out: string[] = [];
  for (const name of tree.list(dir)) {
    const path = dir === "" ? name : `${dir}/${name}`;
    const entry = tree.stat(path);
    if (entry?.type === "file") out.push(path);
    else if (entry?.type === "dir") out.push(...listFiles(tree, path));
  }
  return out;
}

/** Returns the lines of `after` that `before` does not have, with their 1-based line numbers in `after`. */
export function addedLines(before: string, after: string): { line: number; text: string }[] {
  if (before === "") return after.split("\n").map((text, i) => ({ line: i + 1, text })).filter((l) => l.text !== "");
  const out: { line: number; text: string }[] = [];
  let line = 1;
  for (const part of diffLines(before, after)) {
    const lines = part.value.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    if (part.removed) continue;
    if (part.added) lines.forEach((text, i) => text !== "" && out.push({ line: line + i, text }));
    line += lines.length;
  }
  return out;
}
