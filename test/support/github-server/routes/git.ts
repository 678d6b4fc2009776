/**
 * The git database API (refs, commits, trees, blobs) over the real bare repository.
 * Ref updates follow GitHub's rules: without `force` a non-fast-forward is 422
 * "Update is not a fast forward" (ancestry from git), and every change goes through
 * `afterRefUpdate` so webhooks and pull request merges follow.
 */
import type { ServerCore } from "../core.ts";
import type { TreeChange } from "../git/git-repo.ts";
import { afterRefUpdate } from "../ref-events.ts";
import { gitCommitShape } from "../shapes/commit.ts";
import { nodeId } from "../shapes/account.ts";
import { notFound, validationFailed, type RepoState, type User } from "../state.ts";
import { queryValue, repoOf, type Routes } from "./context.ts";

/** Returns a `git-ref`. */
export function refShape(core: ServerCore, repo: RepoState, ref: string, sha: string): Record<string, unknown> {
  const api = `${core.apiUrl}/repos/${repo.fullName}/git`;
  return { ref, node_id: nodeId("REF", parseInt(sha.slice(0, 8), 16)), url: `${api}/${ref}`, object: { type: "commit", sha, url: `${api}/commits/${sha}` } };
}

/** Moves (or creates, or deletes with `sha: undefined`) a ref as GitHub would, then runs the follow-up events. */
export async function moveRef(core: ServerCore, params: { repo: RepoState; ref: string; sha: string | undefined; force: boolean; actor: User; mustExist?: boolean; mustNotExist?: boolean }): Promise<void> {
  const { repo, ref } = params;
  const git = repo.git;
  for (let attempt = 0; ; attempt++) {
    const before = await git.readRef(ref);
    if (params.mustExist && before === undefined) throw validationFailed("Reference does not exist");
    if (params.mustNotExist && before !== undefined) throw validationFailed("Reference already exists");
    if (params.sha === undefined) {
      if (before === undefined) throw validationFailed("Reference does not exist");
      await git.deleteRef(ref);
    } else {
      if ((await git.readCommit(params.sha)) === undefined) throw validationFailed("Object does not exist");
      if (before !== undefined && !params.force && !(await git.isAncestor(before, params.sha))) throw validationFailed("Update is not a fast forward");
      try {
        // Compare-and-swap: a concurrent update between our read and write must not be lost.
        await git.updateRef(ref, params.sha, before ?? "");
      } catch (err) {
        if (attempt < 3) continue;
        throw err;
      }
    }
    if (before === params.sha) return;
    const forced = before !== undefined && params.sha !== undefined && !(await git.isAncestor(before, params.sha));
    await afterRefUpdate(core, { repo, ref, before, after: params.sha, forced, pusher: params.actor });
    return;
  }
}

async function resolveTree(repo: RepoState, rev: string): Promise<string> {
  // Names are resolved by rev-parse; the long-lived cat-file process only ever sees object ids.
  const base = /^[0-9a-f]{40}$/.test(rev) ? rev : await repo.git.resolveCommit(rev);
  if (base === undefined) throw notFound();
  const obj = await repo.git.readObject(`${base}^{tree}`);
  if (obj?.type !== "tree") throw notFound();
  return obj.sha;
}

/** Routes of the git database API. */
export const gitRoutes: Routes = {
  "git/get-ref": async (ctx) => {
    const repo = repoOf(ctx);
    const ref = `refs/${ctx.params.ref ?? ""}`;
    const sha = await repo.git.readRef(ref);
    if (sha === undefined) throw notFound();
    return { status: 200, body: refShape(ctx.core, repo, ref, sha) };
  },
  "git/list-matching-refs": async (ctx) => {
    const repo = repoOf(ctx);
    const prefix = `refs/${ctx.params.ref ?? ""}`;
    const refs = [...(await repo.git.listRefs("refs/")).entries()].filter(([name]) => name.startsWith(prefix));
    return { status: 200, body: refs.map(([name, sha]) => refShape(ctx.core, repo, name, sha)) };
  },
  "git/create-ref": async (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { ref: string; sha: string };
    if (!/^refs\/[^/]+\/.+/.test(body.ref)) throw validationFailed("Reference name must start with 'refs/' and have at least two slashes.");
    await moveRef(ctx.core, { repo, ref: body.ref, sha: body.sha, force: false, actor: ctx.actor, mustNotExist: true });
    return { status: 201, body: refShape(ctx.core, repo, body.ref, body.sha) };
  },
  "git/update-ref": async (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { sha: string; force?: boolean };
    const ref = `refs/${ctx.params.ref ?? ""}`;
    await moveRef(ctx.core, { repo, ref, sha: body.sha, force: body.force === true, actor: ctx.actor, mustExist: true });
    return { status: 200, body: refShape(ctx.core, repo, ref, body.sha) };
  },
  "git/delete-ref": async (ctx) => {
    const repo = repoOf(ctx);
    await moveRef(ctx.core, { repo, ref: `refs/${ctx.params.ref ?? ""}`, sha: undefined, force: true, actor: ctx.actor });
    return { status: 204 };
  },
  "git/get-commit": async (ctx) => {
    const repo = repoOf(ctx);
    const c = await repo.git.readCommit(ctx.params.commit_sha ?? "");
    if (c === undefined) throw notFound();
    return { status: 200, body: gitCommitShape(ctx.core, repo, c) };
  },
  "git/create-commit": async (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { message: string; tree: string; parents?: string[]; author?: { name: string; email: string; date?: string }; committer?: { name: string; email: string; date?: string } };
    const tree = await repo.git.readObject(body.tree);
    if (tree?.type !== "tree") throw validationFailed("Tree SHA does not exist");
    for (const p of body.parents ?? []) if ((await repo.git.readCommit(p)) === undefined) throw validationFailed("Parent SHA does not exist or is not a commit object");
    const now = ctx.core.now();
    const author = { name: body.author?.name ?? ctx.actor.login, email: body.author?.email ?? ctx.actor.email, date: body.author?.date ?? now };
    const committer = body.committer ? { ...body.committer, date: body.committer.date ?? now } : author;
    const sha = await repo.git.writeCommit({ tree: tree.sha, parents: body.parents ?? [], message: body.message, author, committer });
    const c = await repo.git.readCommit(sha);
    if (c === undefined) throw notFound();
    return { status: 201, body: gitCommitShape(ctx.core, repo, c) };
  },
  "git/get-tree": async (ctx) => {
    const repo = repoOf(ctx);
    const sha = await resolveTree(repo, ctx.params.tree_sha ?? "");
    const entries = await repo.git.lsTree(sha, queryValue(ctx, "recursive") !== undefined);
    const api = `${ctx.core.apiUrl}/repos/${repo.fullName}/git`;
    const tree = entries.map((e) => ({
      path: e.path, mode: e.mode, type: e.type, sha: e.sha,
      ...(e.size === undefined ? {} : { size: e.size }),
      url: `${api}/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
    }));
    return { status: 200, body: { sha, url: `${api}/trees/${sha}`, tree, truncated: false } };
  },
  "git/create-tree": async (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { base_tree?: string; tree: { path?: string; mode?: string; type?: string; sha?: string | null; content?: string }[] };
    const base = body.base_tree === undefined ? undefined : await resolveTree(repo, body.base_tree).catch(() => {
      throw validationFailed("base_tree is not a valid tree oid");
    });
    const changes: TreeChange[] = [];
    for (const e of body.tree) {
      if (e.type === "tree" || e.mode === "040000") throw validationFailed("the test server does not support tree entries in create-tree; pass blobs");
      if (typeof e.sha === "string" && (await repo.git.readObject(e.sha))?.type !== "blob") throw validationFailed(`tree.sha ${e.sha} is not a valid blob`);
      changes.push({ path: e.path ?? "", mode: e.mode ?? "100644", sha: e.sha, content: e.content });
    }
    const sha = await repo.git.writeTree(base, changes);
    const entries = await repo.git.lsTree(sha, false);
    const api = `${ctx.core.apiUrl}/repos/${repo.fullName}/git`;
    return { status: 201, body: { sha, url: `${api}/trees/${sha}`, truncated: false, tree: entries.map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha, size: e.size, url: `${api}/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}` })) } };
  },
  "git/get-blob": async (ctx) => {
    const repo = repoOf(ctx);
    const obj = await repo.git.readObject(ctx.params.file_sha ?? "");
    if (obj?.type !== "blob") throw notFound();
    if (ctx.accept.includes("raw")) return { status: 200, text: obj.content.toString("utf8") };
    const b64 = obj.content.toString("base64").replace(/.{60}/g, "$&\n");
    return { status: 200, body: { content: b64, encoding: "base64", url: `${ctx.core.apiUrl}/repos/${repo.fullName}/git/blobs/${obj.sha}`, sha: obj.sha, size: obj.content.length, node_id: nodeId("B", parseInt(obj.sha.slice(0, 8), 16)) } };
  },
  "git/create-blob": async (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { content: string; encoding?: string };
    const sha = await repo.git.writeBlob(Buffer.from(body.content, body.encoding === "base64" ? "base64" : "utf8"));
    return { status: 201, body: { url: `${ctx.core.apiUrl}/repos/${repo.fullName}/git/blobs/${sha}`, sha } };
  },
};
