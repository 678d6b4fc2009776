/**
 * Parsers for git's plumbing output: commit objects and diff listings.
 */
import type { ChangedFile, CommitInfo, GitIdentity } from "./git-repo.ts";

/** Parses the text of a commit object. */
export function parseCommit(sha: string, text: string): CommitInfo {
  const split = text.indexOf("\n\n");
  const headers = (split < 0 ? text : text.slice(0, split)).split("\n");
  const message = split < 0 ? "" : text.slice(split + 2);
  let tree = "";
  const parents: string[] = [];
  let author: GitIdentity = { name: "", email: "", date: new Date(0).toISOString() };
  let committer = author;
  for (const h of headers) {
    const sp = h.indexOf(" ");
    const key = h.slice(0, sp);
    const value = h.slice(sp + 1);
    if (key === "tree") tree = value;
    else if (key === "parent") parents.push(value);
    else if (key === "author") author = parseIdentity(value);
    else if (key === "committer") committer = parseIdentity(value);
  }
  return { sha, tree, parents, author, committer, message: message.replace(/\n$/, "") };
}

function parseIdentity(value: string): GitIdentity {
  const m = /^(.*) <(.*)> (\d+) [+-]\d{4}$/.exec(value);
  if (!m) return { name: value, email: "", date: new Date(0).toISOString() };
  return { name: m[1] ?? "", email: m[2] ?? "", date: new Date(Number(m[3]) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

const STATUS: Record<string, ChangedFile["status"]> = { A: "added", D: "removed", M: "modified", R: "renamed", C: "copied", T: "changed" };

/** Joins `git diff --raw -z`, `--numstat -z` and patch output into changed files. */
export function combineDiff(raw: string, numstat: string, patch: string): ChangedFile[] {
  const rawTokens = raw.split("\0");
  const files: ChangedFile[] = [];
  const stats = parseNumstat(numstat);
  const patches = new Map<string, string>();
  for (const chunk of patch.split(/^(?=diff --git )/m)) {
    const m = /^diff --git a\/.* b\/(.*)\n/.exec(chunk);
    const hunk = chunk.indexOf("\n@@");
    if (m?.[1] !== undefined && hunk >= 0) patches.set(m[1], chunk.slice(hunk + 1).replace(/\n$/, ""));
  }
  for (let i = 0; i < rawTokens.length; ) {
    const meta = rawTokens[i++];
    if (!meta?.startsWith(":")) continue;
    const [, , , newSha, statusCode] = meta.slice(1).split(" ");
    const letter = (statusCode ?? "M")[0] ?? "M";
    const first = rawTokens[i++] ?? "";
    const second = letter === "R" || letter === "C" ? rawTokens[i++] : undefined;
    const filename = second ?? first;
    const stat = stats.get(filename) ?? { additions: 0, deletions: 0 };
    files.push({
      filename,
      previousFilename: second === undefined ? undefined : first,
      status: STATUS[letter] ?? "changed",
      sha: letter === "D" ? "0".repeat(40) : newSha ?? "",
      additions: stat.additions,
      deletions: stat.deletions,
      patch: patches.get(filename),
    });
  }
  return files;
}

function parseNumstat(numstat: string): Map<string, { additions: number; deletions: number }> {
  const tokens = numstat.split("\0");
  const out = new Map<string, { additions: number; deletions: number }>();
  for (let i = 0; i < tokens.length; ) {
    const head = tokens[i++];
    if (!head) continue;
    const [add, del, path] = head.split("\t");
    let filename = path ?? "";
    if (filename === "") {
      i++; // rename: old path, then new path
      filename = tokens[i++] ?? "";
    }
    out.set(filename, { additions: Number(add) || 0, deletions: Number(del) || 0 });
  }
  return out;
}
