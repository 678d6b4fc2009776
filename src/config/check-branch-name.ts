/**
 * Returns what is wrong with a branch name from the settings, with the fix, or undefined
 * when git and GitHub accept it as a branch. The rules are git's check-ref-format ones
 * (a branch Ferry cannot push or compare would only fail later, on a push or a
 * `/promote`, with GitHub's less helpful words), plus two of Ferry's own: a full ref
 * such as `refs/heads/x` names the branch `refs/heads/refs/heads/x` on GitHub, and
 * `ferry/` holds the branches Ferry itself creates for promotions and rollbacks.
 */
export function checkBranchName(branch: string): string | undefined {
  if (branch.startsWith("refs/")) {
    const short = branch.replace(/^refs\/(heads\/)?/, "");
    return `is a full ref; write the branch name only ("${short}")`;
  }
  // Control characters, space and ~ ^ : ? * [ \ are never allowed in git ref names.
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0020\u007f~^:?*[\\]/.exec(branch);
  if (bad) return `contains ${describeChar(bad[0])}, which git does not allow in branch names; remove it`;
  if (branch.includes("..")) return "contains \"..\", which git does not allow in branch names; use one \".\"";
  if (branch.includes("@{")) return "contains \"@{\", which git does not allow in branch names";
  if (branch === "@" || branch === "HEAD") return `"${branch}" is not a branch name git allows; name the branch itself`;
  if (branch.startsWith("-")) return "starts with \"-\", which git does not allow in branch names";
  if (branch.startsWith("/") || branch.endsWith("/") || branch.includes("//")) return "has an empty part between \"/\"; remove the extra \"/\"";
  for (const part of branch.split("/")) {
    if (part.startsWith(".")) return `has a part starting with "." ("${part}"), which git does not allow`;
    if (part.endsWith(".lock")) return `has a part ending in ".lock" ("${part}"), which git does not allow`;
  }
  if (branch.endsWith(".")) return "ends with \".\", which git does not allow in branch names";
  if (Buffer.byteLength(branch, "utf8") > MAX_BRANCH_BYTES) return `is longer than ${MAX_BRANCH_BYTES} bytes; use a shorter branch name`;
  if (branch === "ferry" || branch.startsWith("ferry/")) return "is under \"ferry/\", where Ferry keeps its own promotion and rollback branches; deploy from another branch";
  return undefined;
}

// Each part of a ref is a file name on the git server's disk, and file names stop at 255 bytes.
const MAX_BRANCH_BYTES = 255;

function describeChar(c: string): string {
  if (c === " ") return "a space";
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}` : `"${c}"`;
}
