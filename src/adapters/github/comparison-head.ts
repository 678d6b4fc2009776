/**
 * Reads which commit a GitHub comparison's head resolved to, so a compare of two branches
 * by name also tells their heads (one request instead of two ref reads and a compare).
 */
import type { GitHubClient } from "./github-client.ts";

type Octo = GitHubClient["octokit"];
type RestComparison = Awaited<ReturnType<Octo["rest"]["repos"]["compareCommitsWithBasehead"]>>["data"];

/**
 * The head commit of a comparison, when the answer proves it: the base itself when
 * identical, the merge base when behind, else the one commit of a complete list that no
 * other listed commit has as a parent (not the last listed: GitHub orders by date).
 */
export function headOf(data: RestComparison): string | undefined {
  if (data.status === "identical") return data.base_commit?.sha;
  if (data.status === "behind") return data.merge_base_commit?.sha;
  if (data.commits.length === 0 || data.commits.length !== data.ahead_by) return undefined;
  const parents = new Set(data.commits.flatMap((c) => c.parents.map((p) => p.sha)));
  const tips = data.commits.filter((c) => !parents.has(c.sha));
  return tips.length === 1 ? tips[0]?.sha : undefined;
}

/** `{ [key]: value }`, or `{}` when value is undefined (exactOptionalPropertyTypes). */
export function withDefined<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: string });
}
