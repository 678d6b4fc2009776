/**
 * Ferry's own comments on an issue or PR, found by a hidden marker and updated in
 * place: one comment per marker, or a set of numbered parts per marker prefix.
 */
import { createOnce, NO_RETRY } from "./create-once.ts";
import { wrapGitHubError, type GitHubClient } from "./github-client.ts";
import type { UpsertCommentsParams } from "../../workflows/ports.ts";

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
 * oldest copy of each part and deletes the rest; when another's copy survived, it goes
 * round once more, updating that copy in place unless it reports a newer state of the
 * PR: the PR converges on one report, the newest.
 */
export async function syncMarkedComments(client: GitHubClient, params: UpsertCommentsParams, again = true): Promise<"written" | "stale"> {
  const ids = { owner: client.owner, repo: client.repo };
  const { issues } = client.octokit.rest;
  try {
    // A fresh read of the PR that counted no comments at all leaves nothing to look for.
    const mine = params.noComments === true ? [] : (await listBotComments(client, params.issueNumber)).filter((c) => c.body?.startsWith(params.markerPrefix));
    // Events come late and out of order: a report written for a newer state of the PR stays.
    if (await isNewerThanOurs(stampOf(mine[0]?.body), params)) return "stale";
    const stamp = params.updatedAt === undefined ? "" : `\n${STAMP}${params.updatedAt}${params.headSha === undefined ? "" : ` head=${params.headSha}`} -->`;
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
    const seen = new Map<string, Comment>();
    const listed = (await listBotComments(client, params.issueNumber)).filter((c) => c.body?.startsWith(params.markerPrefix)).sort((a, b) => a.id - b.id);
    for (const c of listed) {
      const marker = c.body?.split("\n", 1)[0] ?? "";
      if (seen.has(marker)) await issues.deleteComment({ ...ids, comment_id: c.id });
      else seen.set(marker, c);
    }
    // Another delivery's copy survived: make it ours, unless it is of a newer state.
    const survivors = [...seen.values()];
    const theirs = survivors.length !== parts.length || survivors.some((c, i) => c.body !== parts[i]);
    return theirs && again ? await syncMarkedComments(client, { ...params, noComments: false }, false) : "written";
  } catch (error) {
    throw wrapGitHubError(error, `writing the report on #${params.issueNumber}`);
  }
}

/** Whether the report already there, by its stamp, was made for a newer state of the PR than ours. */
async function isNewerThanOurs(written: { at: string; head?: string } | undefined, params: UpsertCommentsParams): Promise<boolean> {
  if (params.updatedAt === undefined || written === undefined) return false;
  if (written.at !== params.updatedAt) return written.at > params.updatedAt;
  // GitHub's clock steps in seconds: two pushes in one second give two heads the same
  // `updated_at`. Then only the PR itself can say which head is its own now.
  if (written.head === undefined || params.headSha === undefined || written.head === params.headSha || !params.isCurrentHead) return false;
  return !(await params.isCurrentHead());
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

/** Reads `<!-- ferry:pull-updated-at=TIME head=SHA -->` (reports written before heads were stamped have TIME only). */
function stampOf(body: string | undefined): { at: string; head?: string } | undefined {
  const start = body?.lastIndexOf(STAMP) ?? -1;
  if (start < 0 || body === undefined) return undefined;
  const [at = "", head] = body.slice(start + STAMP.length, body.indexOf(" -->", start)).split(" head=");
  return head === undefined ? { at } : { at, head };
}
