/**
 * What GitHub does after a branch moves, whether through the refs API or a push:
 * a `push` webhook, `pull_request.synchronize` for pull requests whose head moved,
 * and a pull request becomes merged (and `pull_request.closed` is sent) when its
 * base branch now contains its head commit — which is how a fast-forward via
 * `PATCH git/refs` merges a pull request on GitHub.
 */
import type { ServerCore } from "./core.ts";
import { isPull, pullShape } from "./shapes/pull.ts";
import type { RepoState, User } from "./state.ts";

const ZERO = "0".repeat(40);
const PUSH_COMMIT_LIMIT = 20;

/** A ref that moved: `before`/`after` are undefined when it was created/deleted. */
export interface RefUpdate {
  readonly repo: RepoState;
  /** Full ref name, e.g. `refs/heads/main`. */
  readonly ref: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly forced: boolean;
  readonly pusher: User;
}

/** Sends the push webhook and updates pull requests affected by a ref update. */
export async function afterRefUpdate(core: ServerCore, u: RefUpdate): Promise<void> {
  await sendPush(core, u);
  if (!u.ref.startsWith("refs/heads/")) return;
  const branch = u.ref.slice("refs/heads/".length);
  for (const issue of u.repo.issues.values()) {
    if (!isPull(issue) || issue.state !== "open") continue;
    const p = issue.pull;
    if (p.headRef === branch) {
      if (u.after === undefined) {
        closeIssue(core, issue, u.pusher);
        await sendPull(core, u.repo, issue, u.pusher, { action: "closed" });
        continue;
      }
      if (u.after !== p.headSha) {
        const before = p.headSha;
        p.headSha = u.after;
        issue.updatedAt = core.now();
        await sendPull(core, u.repo, issue, u.pusher, { action: "synchronize", before, after: u.after });
      }
    }
    if (p.baseRef === branch && u.after !== undefined && (await u.repo.git.isAncestor(p.headSha, u.after))) {
      p.merged = true;
      p.mergedAt = core.now();
      p.mergedBy = u.pusher;
      p.mergeCommitSha = u.after;
      closeIssue(core, issue, u.pusher);
      await sendPull(core, u.repo, issue, u.pusher, { action: "closed" });
    }
  }
}

function closeIssue(core: ServerCore, issue: { state: string; closedAt: string | null; updatedAt: string; closedBy: User | null }, by: User): void {
  issue.state = "closed";
  issue.closedAt = core.now();
  issue.updatedAt = issue.closedAt;
  issue.closedBy = by;
}

/** Sends a `pull_request` webhook with the current full pull request. */
export async function sendPull(core: ServerCore, repo: RepoState, issue: Parameters<typeof pullShape>[2], sender: User, fields: Record<string, unknown>): Promise<void> {
  const pull_request = await pullShape(core, repo, issue);
  core.webhooks.send({ event: "pull_request", repo, sender, payload: { ...fields, number: issue.number, pull_request } });
}

async function sendPush(core: ServerCore, u: RefUpdate): Promise<void> {
  const { repo } = u;
  let shas: string[] = [];
  if (u.after !== undefined) {
    if (u.before !== undefined) shas = await repo.git.commitsBetween(u.before, u.after, PUSH_COMMIT_LIMIT);
    else {
      const others = [...(await repo.git.listRefs("refs/heads/")).entries()].filter(([name]) => name !== u.ref).map(([, sha]) => sha);
      const out = await repo.git.git(["rev-list", "--reverse", `--max-count=${PUSH_COMMIT_LIMIT}`, u.after, ...(others.length > 0 ? ["--not", ...others] : [])]);
      shas = out.split("\n").filter(Boolean);
    }
  }
  const commits = [];
  for (const sha of shas) commits.push(await pushCommit(core, repo, sha));
  const head = u.after === undefined ? null : (commits.find((c) => c.id === u.after) ?? (await pushCommit(core, repo, u.after)));
  core.webhooks.send({
    event: "push",
    repo,
    sender: u.pusher,
    payload: {
      ref: u.ref,
      before: u.before ?? ZERO,
      after: u.after ?? ZERO,
      created: u.before === undefined,
      deleted: u.after === undefined,
      forced: u.forced,
      base_ref: null,
      compare: `${core.options.url}/${repo.fullName}/compare/${(u.before ?? ZERO).slice(0, 12)}...${(u.after ?? ZERO).slice(0, 12)}`,
      commits,
      head_commit: head,
      pusher: { name: u.pusher.login, email: u.pusher.email },
    },
  });
}

async function pushCommit(core: ServerCore, repo: RepoState, sha: string) {
  const c = await repo.git.readCommit(sha);
  const out = await repo.git.git(["diff-tree", "--no-commit-id", "--name-status", "-r", "-z", "--root", sha]);
  const tokens = out.split("\0").filter(Boolean);
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const [status, path] = [tokens[i] ?? "", tokens[i + 1] ?? ""];
    (status === "A" ? added : status === "D" ? removed : modified).push(path);
  }
  const person = (i: { name: string; email: string }) => ({ name: i.name, email: i.email, ...(core.userByEmail(i.email) ? { username: core.userByEmail(i.email)?.login } : {}) });
  return {
    id: sha,
    tree_id: c?.tree ?? "",
    distinct: true,
    message: c?.message ?? "",
    timestamp: c?.committer.date ?? core.now(),
    url: `${core.options.url}/${repo.fullName}/commit/${sha}`,
    author: person(c?.author ?? { name: "", email: "" }),
    committer: person(c?.committer ?? { name: "", email: "" }),
    added,
    removed,
    modified,
  };
}
