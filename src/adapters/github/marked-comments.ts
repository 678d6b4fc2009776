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
export async function syncMarkedComments(client: GitHubClient, params: { issueNumber: number; markerPrefix: string; parts: readonly string[] }): Promise<void> {
  const ids = { owner: client.owner, repo: client.repo };
  const { issues } = client.octokit.rest;
  try {
    const mine = (await listBotComments(client, params.issueNumber)).filter((c) => c.body?.startsWith(params.markerPrefix));
    let created = false;
    for (const [i, body] of params.parts.entries()) {
      const existing = mine[i];
      if (!existing) {
        const marker = body.split("\n", 1)[0] ?? "";
        await createMarkedComment(client, { issueNumber: params.issueNumber, body, isMine: (c) => c.body?.split("\n", 1)[0] === marker });
        created = true;
      } else if (existing.body !== body) await issues.updateComment({ ...ids, comment_id: existing.id, body });
    }
    for (const extra of mine.slice(params.parts.length)) await issues.deleteComment({ ...ids, comment_id: extra.id });
    if (!created) return;
    const seen = new Set<string>();
    const again = (await listBotComments(client, params.issueNumber)).filter((c) => c.body?.startsWith(params.markerPrefix)).sort((a, b) => a.id - b.id);
    for (const c of again) {
      const marker = c.body?.split("\n", 1)[0] ?? "";
      if (seen.has(marker)) await issues.deleteComment({ ...ids, comment_id: c.id });
      else seen.add(marker);
    }
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
