/**
 * JSON shapes of accounts, repositories and the app installation as GitHub returns
 * them. Only the fields Ferry may read are set; the response conformer fills the
 * other required fields from GitHub's schema.
 */
import type { ServerCore } from "../core.ts";
import type { RepoState, User } from "../state.ts";

/** Returns a node id in GitHub's opaque style. */
export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64url");
}

/** Returns a `simple-user`. */
export function simpleUser(core: ServerCore, user: User): Record<string, unknown> {
  const url = `${core.apiUrl}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("U", user.id),
    avatar_url: `${core.options.url}/avatars/${user.id}`,
    gravatar_id: "",
    url,
    // Bot logins end in "[bot]", which is not valid in a URL; GitHub links the app instead.
    html_url: user.type === "Bot" ? `${core.options.url}/apps/${user.login.replace(/\[bot\]$/, "")}` : `${core.options.url}/${user.login}`,
    type: user.type,
    site_admin: false,
    user_view_type: "public",
  };
}

/** Returns the GitHub App object (`integration`). */
export function appShape(core: ServerCore): Record<string, unknown> {
  const owner = core.user("acme", "Organization");
  return {
    id: core.options.appId,
    slug: core.options.appSlug,
    client_id: `Iv1.${core.options.appId}`,
    node_id: nodeId("A", core.options.appId),
    owner: simpleUser(core, owner),
    name: core.options.appSlug,
    description: "test app",
    external_url: core.options.url,
    html_url: `${core.options.url}/apps/${core.options.appSlug}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    permissions: APP_PERMISSIONS,
    events: ["issue_comment", "pull_request", "pull_request_review", "push", "check_run"],
    installations_count: 1,
  };
}

/** Permissions the fake installation holds (everything Ferry may ask for). */
export const APP_PERMISSIONS = { contents: "write", pull_requests: "write", issues: "write", checks: "write", statuses: "write", deployments: "write", members: "read", metadata: "read" };

/** Returns the installation object. */
export function installationShape(core: ServerCore): Record<string, unknown> {
  const account = core.user("acme", "Organization");
  const id = core.options.installationId;
  return {
    id,
    account: simpleUser(core, account),
    repository_selection: "all",
    access_tokens_url: `${core.apiUrl}/app/installations/${id}/access_tokens`,
    repositories_url: `${core.apiUrl}/installation/repositories`,
    html_url: `${core.options.url}/organizations/acme/settings/installations/${id}`,
    app_id: core.options.appId,
    app_slug: core.options.appSlug,
    target_id: account.id,
    target_type: "Organization",
    permissions: APP_PERMISSIONS,
    events: ["issue_comment", "pull_request", "pull_request_review", "push", "check_run"],
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

/** Returns a repository object (`repository` / `full-repository`). */
export function repositoryShape(core: ServerCore, repo: RepoState): Record<string, unknown> {
  const api = `${core.apiUrl}/repos/${repo.fullName}`;
  return {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    owner: simpleUser(core, repo.owner),
    html_url: `${core.options.url}/${repo.fullName}`,
    description: null,
    fork: false,
    url: api,
    git_url: `git://${new URL(core.options.url).host}/${repo.fullName}.git`,
    clone_url: `${core.options.url}/${repo.fullName}.git`,
    pulls_url: `${api}/pulls{/number}`,
    issues_url: `${api}/issues{/number}`,
    default_branch: repo.defaultBranch,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    archived: false,
    disabled: false,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    network_count: 0,
    subscribers_count: 0,
  };
}
