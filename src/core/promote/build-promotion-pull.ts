import type { PromotionRoute } from "./resolve-promotion.ts";

/** A commit as the promotion PR lists it. */
export interface CommitSummary {
  readonly sha: string;
  readonly message: string;
  readonly author: string | undefined;
}

/** The title and body of a promotion PR. */
export interface PromotionPull {
  readonly title: string;
  readonly body: string;
}

/** Returns the PR numbers a commit message names: merge commits ("Merge pull request #12") and squashes ("Title (#12)"). */
export function findPullNumbers(message: string): number[] {
  const firstLine = message.split("\n", 1)[0] ?? "";
  const numbers = [...firstLine.matchAll(/(?:^Merge pull request #(\d+)|\(#(\d+)\)$)/g)].map((m) => Number(m[1] ?? m[2]));
  return [...new Set(numbers)];
}

/**
 * Returns the promotion PR's title and body: what is promoted, the pinned SHA, and the
 * commits and PRs it carries (newest first, at most `maxCommits` listed). Deterministic.
 */
export function buildPromotionPull(params: { route: PromotionRoute; sha: string; commits: readonly CommitSummary[]; requestedBy: string; maxCommits?: number }): PromotionPull {
  const { route, sha, commits, requestedBy } = params;
  const max = params.maxCommits ?? 50;
  const short = sha.slice(0, 7);
  const pulls = [...new Set(commits.flatMap((c) => findPullNumbers(c.message)))].sort((a, b) => a - b);
  const listed = [...commits].reverse().slice(0, max);
  const lines = [
    `<!-- ferry:promotion env=${route.target.name} sha=${sha} -->`,
    `Promotes **${route.source.name}** → **${route.target.name}** by fast-forward of \`${route.target.branch}\` to \`${sha}\`, a commit ${route.source.name} already has.`,
    "",
    `Requested by @${requestedBy}. Comment \`/merge\` to fast-forward once reviews and checks pass; \`/promote ${route.target.name}\` again to move the pin.`,
    "",
    `### ${commits.length} commit${commits.length === 1 ? "" : "s"}${pulls.length > 0 ? ` from ${pulls.map((n) => `#${n}`).join(", ")}` : ""}`,
    "",
    ...listed.map((c) => `- ${c.sha.slice(0, 7)} ${escapeLine(c.message.split("\n", 1)[0] ?? "")}${c.author ? ` (${c.author})` : ""}`),
  ];
  if (commits.length > max) lines.push(`- … and ${commits.length - max} older commits`);
  return { title: `Promote ${route.source.name} to ${route.target.name} @ ${short}`, body: `${lines.join("\n")}\n` };
}

// Commit messages are user text: keep them from opening HTML comments or mentioning people.
function escapeLine(text: string): string {
  return text.replace(/<!--/g, "&lt;!--").replace(/@(\w)/g, "@\u200b$1");
}
