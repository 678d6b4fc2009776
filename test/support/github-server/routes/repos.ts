/**
 * Repository routes: the repository, branches, commits, compare, contents (for
 * Probot's config loader), collaborator permission and branch rules.
 */
import type { ServerCore } from "../core.ts";
import { nodeId, repositoryShape, simpleUser } from "../shapes/account.ts";
import { commitShape, diffEntryShape } from "../shapes/commit.ts";
import { ApiError, notFound, type RepoState } from "../state.ts";
import { page, queryValue, repoOf, type Routes } from "./context.ts";
import { canRead } from "./oauth.ts";

const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/** Resolves a branch, tag or SHA (optionally `owner:branch`) to a commit SHA, or throws 404. */
export async function resolveRev(repo: RepoState, rev: string): Promise<string> {
  const name = rev.includes(":") ? rev.slice(rev.indexOf(":") + 1) : rev;
  const sha = await repo.git.resolveCommit(name);
  if (sha === undefined) throw new ApiError(404, `No commit found for SHA: ${rev}`);
  return sha;
}

async function commitWithFiles(core: ServerCore, repo: RepoState, sha: string): Promise<Record<string, unknown>> {
  const c = await repo.git.readCommit(sha);
  if (c === undefined) throw notFound();
  const files = await repo.git.diff(c.parents[0] ?? EMPTY_TREE, sha);
  return commitShape(core, repo, c, files);
}

async function commitsOf(core: ServerCore, repo: RepoState, shas: readonly string[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const sha of shas) {
    const c = await repo.git.readCommit(sha);
    if (c !== undefined) out.push(commitShape(core, repo, c));
  }
  return out;
}

function permissionLevel(p: string): "admin" | "write" | "read" | "none" {
  if (p === "admin") return "admin";
  if (p === "maintain" || p === "write") return "write";
  if (p === "triage" || p === "read") return "read";
  return "none";
}

/** Repository routes. */
export const repoRoutes: Routes = {
  "repos/get": (ctx) => {
    const repo = repoOf(ctx);
    if (ctx.actor.type !== "User") return { status: 200, body: repositoryShape(ctx.core, repo) };
    // A person's token (dashboard sign-in): GitHub hides a private repository they cannot read behind a 404.
    if (!canRead(ctx.core, repo, ctx.actor.login)) throw notFound();
    const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(ctx.core.permission(repo, ctx.actor.login));
    return { status: 200, body: { ...repositoryShape(ctx.core, repo), permissions: { pull: true, triage: rank >= 2, push: rank >= 3, maintain: rank >= 4, admin: rank >= 5 } } };
  },
  "repos/get-branch": async (ctx) => {
    const repo = repoOf(ctx);
    const branch = ctx.params.branch ?? "";
    const sha = await repo.git.readRef(`refs/heads/${branch}`);
    if (sha === undefined) throw new ApiError(404, "Branch not found");
    const c = await repo.git.readCommit(sha);
    if (c === undefined) throw notFound();
    const self = `${ctx.core.apiUrl}/repos/${repo.fullName}/branches/${encodeURIComponent(branch)}`;
    return {
      status: 200,
      body: {
        name: branch,
        commit: commitShape(ctx.core, repo, c),
        _links: { html: `${ctx.core.options.url}/${repo.fullName}/tree/${branch}`, self },
        protected: false,
        protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
        protection_url: `${self}/protection`,
      },
    };
  },
  "repos/get-branch-protection": () => {
    throw new ApiError(404, "Branch not protected");
  },
  "repos/get-branch-rules": (ctx) => {
    repoOf(ctx);
    return page(ctx, []);
  },
  "repos/get-commit": async (ctx) => {
    const repo = repoOf(ctx);
    return { status: 200, body: await commitWithFiles(ctx.core, repo, await resolveRev(repo, ctx.params.ref ?? "")) };
  },
  "repos/list-commits": async (ctx) => {
    const repo = repoOf(ctx);
    const head = await resolveRev(repo, queryValue(ctx, "sha") ?? repo.defaultBranch);
    const shas = await repo.git.log(head, 1000, queryValue(ctx, "path"));
    return page(ctx, await commitsOf(ctx.core, repo, shas));
  },
  "repos/compare-commits-with-basehead": async (ctx) => {
    const repo = repoOf(ctx);
    const basehead = ctx.params.basehead ?? "";
    const sep = basehead.includes("...") ? "..." : "..";
    const [baseName, headName] = basehead.split(sep) as [string, string | undefined];
    if (headName === undefined) throw notFound();
    const [base, head] = [await resolveRev(repo, baseName), await resolveRev(repo, headName)];
    const mergeBase = await repo.git.mergeBase(base, head);
    if (mergeBase === undefined) throw new ApiError(404, `No common ancestor between ${baseName} and ${headName}.`);
    const [aheadBy, behindBy] = [await repo.git.countBetween(base, head), await repo.git.countBetween(head, base)];
    const status = base === head ? "identical" : behindBy === 0 ? "ahead" : aheadBy === 0 ? "behind" : "diverged";
    const from = sep === "..." ? mergeBase : base;
    const commits = await commitsOf(ctx.core, repo, await repo.git.commitsBetween(from, head, 250));
    const files = (await repo.git.diff(from, head)).slice(0, 300).map((f) => diffEntryShape(ctx.core, repo, head, f));
    const paged = ctx.query.per_page !== undefined || ctx.query.page !== undefined ? page(ctx, commits) : { body: commits, headers: {} };
    const html = `${ctx.core.options.url}/${repo.fullName}/compare/${basehead}`;
    const baseCommit = await repo.git.readCommit(base);
    const mbCommit = await repo.git.readCommit(mergeBase);
    return {
      status: 200,
      headers: paged.headers,
      body: {
        url: `${ctx.core.apiUrl}/repos/${repo.fullName}/compare/${basehead}`,
        html_url: html,
        permalink_url: `${ctx.core.options.url}/${repo.fullName}/compare/${base}...${head}`,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: baseCommit ? commitShape(ctx.core, repo, baseCommit) : undefined,
        merge_base_commit: mbCommit ? commitShape(ctx.core, repo, mbCommit) : undefined,
        status,
        ahead_by: aheadBy,
        behind_by: behindBy,
        total_commits: aheadBy,
        commits: paged.body,
        files,
      },
    };
  },
  "repos/get-content": async (ctx) => {
    const repo = repoOf(ctx);
    const ref = queryValue(ctx, "ref") ?? repo.defaultBranch;
    const commit = await resolveRev(repo, ref);
    const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
    const obj = await repo.git.readObject(path === "" ? `${commit}^{tree}` : `${commit}:${path}`);
    if (obj === undefined) throw notFound();
    const api = `${ctx.core.apiUrl}/repos/${repo.fullName}`;
    const entry = (p: string, sha: string, type: string, size: number) => ({
      type, size, name: p.split("/").pop() ?? p, path: p, sha,
      url: `${api}/contents/${p}?ref=${ref}`,
      git_url: `${api}/git/${type === "dir" ? "trees" : "blobs"}/${sha}`,
      html_url: `${ctx.core.options.url}/${repo.fullName}/${type === "dir" ? "tree" : "blob"}/${ref}/${p}`,
      download_url: type === "file" ? `${ctx.core.options.url}/${repo.fullName}/raw/${ref}/${p}` : null,
      _links: { self: `${api}/contents/${p}?ref=${ref}`, git: `${api}/git/${type === "dir" ? "trees" : "blobs"}/${sha}`, html: `${ctx.core.options.url}/${repo.fullName}/blob/${ref}/${p}` },
    });
    if (obj.type === "tree") {
      const entries = await repo.git.lsTree(obj.sha, false);
      return { status: 200, body: entries.map((e) => entry(path === "" ? e.path : `${path}/${e.path}`, e.sha, e.type === "tree" ? "dir" : e.type === "commit" ? "submodule" : "file", e.size ?? 0)) };
    }
    if (obj.type !== "blob") throw notFound();
    if (ctx.accept.includes("raw")) return { status: 200, text: obj.content.toString("utf8") };
    return { status: 200, body: { ...entry(path, obj.sha, "file", obj.content.length), encoding: "base64", content: obj.content.toString("base64").replace(/.{60}/g, "$&\n") } };
  },
  "repos/get-collaborator-permission-level": (ctx) => {
    const repo = repoOf(ctx);
    const login = ctx.params.username ?? "";
    const user = ctx.core.users.get(login);
    if (user === undefined) throw new ApiError(404, `${login} is not a user`);
    const role = ctx.core.permission(repo, login);
    const level = permissionLevel(role);
    const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(role);
    const permissions = { pull: rank >= 1, triage: rank >= 2, push: rank >= 3, maintain: rank >= 4, admin: rank >= 5 };
    return { status: 200, body: { permission: level, role_name: role === "none" ? "none" : role, user: { ...simpleUser(ctx.core, user), permissions, role_name: role } } };
  },
  "repos/list-branches": async (ctx) => {
    const repo = repoOf(ctx);
    const refs = [...(await repo.git.listRefs("refs/heads/")).entries()];
    return page(ctx, refs.map(([name, sha]) => ({ name: name.slice("refs/heads/".length), commit: { sha, url: `${ctx.core.apiUrl}/repos/${repo.fullName}/commits/${sha}` }, protected: false })));
  },
  "meta/root": () => ({ status: 200, body: {} }),
  "orgs/get": (ctx) => {
    const org = ctx.core.users.get(ctx.params.org ?? "");
    if (org?.type !== "Organization") throw notFound();
    return { status: 200, body: { login: org.login, id: org.id, node_id: nodeId("O", org.id), url: `${ctx.core.apiUrl}/orgs/${org.login}`, type: "Organization" } };
  },
};
