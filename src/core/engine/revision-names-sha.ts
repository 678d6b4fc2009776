/**
 * Returns true when an engine's revision string names commit `sha`. Flux v2 writes
 * `<branch>@sha1:<sha>` (a tag or named ref the same way, a bare commit as `sha1:<sha>`),
 * Flux v0.x wrote `<branch>/<sha>`, Argo CD writes the SHA alone. Only the full SHA
 * counts: a prefix could name another commit. Pure.
 *
 * @example
 * revisionNamesSha("main@sha1:4f1c…", "4f1c…") // true
 */
export function revisionNamesSha(revision: unknown, sha: string): boolean {
  if (typeof revision !== "string" || sha === "") return false;
  const afterAt = revision.slice(revision.lastIndexOf("@") + 1);
  const digest = afterAt.replace(/^sha1:/, "");
  if (digest === sha) return true;
  // Flux v0.x (source.toolkit.fluxcd.io/v1beta1): "main/4f1c…".
  return revision.endsWith(`/${sha}`);
}
