/**
 * Ferry's own comments on an issue or PR, found by a hidden marker and updated in
 * place: one comment per marker, or a set of numbered parts per marker prefix.
 */
import { createOnce, NO_RETRY } from "./create-once.ts";
import { wrapGitHubError, type GitHubClient } from "./github-client.ts";

type Comment = { id: number; body?: string | undefined; user?: { type?: string } | null };

async function listBotComments(client: GitHubClient, issueNumber: number): Promise<Comment[]> {
  const comments = await client.octokit.paginate(client.octokit.rest.issues.listComments, { owner: client.owner, repo: client.repo, issue_number: issueNumber, per_page: 100 });
  // Only comments by a bot: anyone can paste a marker into a comment of their own.
  return comments.filter((c) => c.user?.type === "Bot");
}

/** Creates the bot comment carrying `marker`, or updates it in place. */
export async function upsertMarkedComment(client: GitHubClient, params: { issueNumber: number; marker: string; body: string }): Promise<void> {
  const ids = { owner: client.owner, repo: client.repo };
  try {
    const mine = (await listBotComments(client, params.issueNumber)).find((c) => c.body?.includes(params.marker));
    if (mine) await client.octokit.rest.issues.updateComment({ ...ids, comment_id: mine.id, body: params.body });
    else await createMarkedComment(client, { issueNumber: params.issueNumber, body: params.body, isMine: (c) => c.body?.includes(params.marker) === true });
  } catch (error) {
    throw wrapGitHubError(error, `writing a comment on #${params.issueNumber}`);
  }
}

/**
 * Makes the bot comments starting with `markerPrefix` equal `parts`, in order: updates
 * them, creates missing ones, deletes ones no longer needed. Two deliveries (or
 * replicas) may both have found none and created one, so after creating it keeps the
 * oldest copy of each part and deletes the rest: the PR converges on one report.
 */
export async function syncMarkedComments(client: GitHubClient, params: { issueNumber: number; markerPrefix: string; parts: readonly string[]; updatedAt?: string }): Promise<"written" | "stale"> {
  const ids = { owner: client.owner, repo: client.repo };
  const { issues } = client.octokit.rest;
  try {
    const mine = (await listBotComments(client, params.issueNumber)).filter((c) => c.body?.startsWith(params.markerPrefix));
    // Events come late and out of order: a report written for a newer state of the PR stays.
    const written = stampOf(mine[0]?.body);
    if (params.updatedAt !== undefined && written !== undefined && written > params.updatedAt) return "stale";
    const stamp = params.updatedAt === undefined ? "" : `\n${STAMP}${params.updatedAt} -->`;
    // The stamp never pushes a part past GitHub's comment limit; such a part goes without one.
    const parts = params.parts.map((p, i) => (i === 0 && p.length + stamp.length <= GITHUB_COMMENT_LIMIT ? `${p}${stamp}` : p));
    let created = false;
    for (const [i, body] of parts.entries()) {
      const existing = mine[i];
      if (!existing) {
        const marker = body.split("\n", 1)[0] ?? "";
        await createMarkedComment(client, { issueNumber: params.issueNumber, body, isMine: (c) => c.body?.split("\n", 1)[0] === marker });
        created = true;
      } else if (existing.body !== body) await issues.updateComment({ ...ids, comment_id: existing.id, body });
    }
    for (const extra of mine.slice(parts.length)) await issues.deleteComment({ ...ids, comment_id: extra.id });
    if (!created) return "written";
    const seen = new Set<string>();
    const again = (await listBotComments(client, params.issueNumber)).filter((c) => c.body?.startsWith(params.markerPrefix)).sort((a, b) => a.id - b.id);
    for (const c of again) {
      const marker = c.body?.split("\n", 1)[0] ?? "";
      if (seen.has(marker)) await issues.deleteComment({ ...ids, comment_id: c.id });
      else seen.add(marker);
    }
    return "written";
  } catch (error) {
    throw wrapGitHubError(error, `writing the report on #${params.issueNumber}`);
  }
}

/**
 * Creates a bot comment once: when an attempt fails in a way that may hide a comment
 * GitHub did create, the comments are read again and one that `isMine` counts as made.
 */
export async function createMarkedComment(client: GitHubClient, params: { issueNumber: number; body: string; isMine: (c: Comment) => boolean }): Promise<void> {
  await createOnce(client, {
    create: async () => (await client.octokit.rest.issues.createComment({ owner: client.owner, repo: client.repo, issue_number: params.issueNumber, body: params.body, ...NO_RETRY })).data.id,
    find: async () => (await listBotComments(client, params.issueNumber)).find(params.isMine)?.id,
  });
}

const GITHUB_COMMENT_LIMIT = 65_536;

// The PR's updated_at of the event a report was written for, in its first part.
const STAMP = "<!-- ferry:pull-updated-at=";

function stampOf(body: string | undefined): string | undefined {
  const at = body?.lastIndexOf(STAMP) ?? -1;
  return at < 0 || body === undefined ? undefined : body.slice(at + STAMP.length, body.indexOf(" -->", at));
}
