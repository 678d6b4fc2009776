/**
 * Returns what is wrong with an environment's `path` (a directory of the repository),
 * with the fix, or undefined when it names a directory inside the repository.
 */
export function checkRepoPath(path: string): string | undefined {
  if (path.startsWith("/") || path.includes("\\")) return "must be a relative path inside the repository (with \"/\"), not absolute";
  const parts = path.split("/");
  if (parts.includes("..")) return "must stay inside the repository; remove \"..\"";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return "contains a control character; write the directory's name as it is in the repository";
  if (parts.some((p) => p.toLowerCase() === ".git")) return "points into \".git\", which is git's own data, not the repository's files; name the environment's directory";
  return undefined;
}
