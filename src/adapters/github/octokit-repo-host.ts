import type { FileTree } from "../../core/tree/file-tree.ts";
import { createOnce, NO_RETRY } from "./create-once.ts";
import { PERMISSION_ORDER, type Permission } from "../../core/promote/check-promoter.ts";
import type { DeploymentRecord } from "../../core/rollback/choose-rollback-target.ts";
import type { Approval, CheckRunUpdate, CheckState, Comparison, PullInfo, RefUpdate, RepoHost, UpsertCommentsParams } from "../../workflows/ports.ts";
import type { BlobCache } from "../git/blob-cache.ts";
import { githubMessageOf, httpStatusOf, wrapGitHubError, type GitHubClient } from "./github-client.ts";
import { syncMarkedComments, upsertMarkedComment } from "./marked-comments.ts";
import { openGitHubFileTree } from "./github-file-tree.ts";
import { headOf, withDefined } from "./comparison-head.ts";

type Octo = GitHubClient["octokit"];
type RestPull = Awaited<ReturnType<Octo["rest"]["pulls"]["get"]>>["data"];

/**
 * RepoHost over GitHub's REST API. Translates only: GitHub errors become RefUpdate
 * values or AppError("github-failed") with GitHub's message; decisions stay in workflows.
 */
export class OctokitRepoHost implements RepoHost {
  /** Check runs this host created or found, by name and head SHA (a host lives for one delivery). */
  private readonly checkRunIds = new Map<string, number>();
  constructor(
    private readonly client: GitHubClient,
    private readonly cache: BlobCache,
  ) {}

  private get ids() {
    return { owner: this.client.owner, repo: this.client.repo };
  }

  private get rest() {
    return this.client.octokit.rest;
  }

  async branchSha(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.rest.git.getRef({ ...this.ids, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw wrapGitHubError(error, `reading branch ${branch}`);
    }
  }

  async commitSha(ref: string): Promise<string | undefined> {
    try {
      const { data } = await this.rest.repos.getCommit({ ...this.ids, ref, per_page: 1 });
      return data.sha;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 404 || status === 422) return undefined;
      throw wrapGitHubError(error, `reading commit ${ref}`);
    }
  }

  /**
   * Compares two commits. Two commits relate the same way for ever, so a comparison of two
   * SHAs (or of branches, once their heads are known from the answer) is kept for a minute
   * or two and shared: the promotion PR's policy check reuses `/promote`'s compare.
   */
  async compare(base: string, head: string): Promise<Comparison> {
    const key = (b: string, h: string) => `compare:${this.client.owner}/${this.client.repo}@${b}...${h}@${Math.floor(Date.now() / COMPARE_KEEP_MS)}`;
    if (FULL_SHA.test(base) && FULL_SHA.test(head)) return this.cache.memo(key(base, head), () => this.fetchCompare(base, head));
    const found = await this.fetchCompare(base, head);
    if (found.baseSha !== undefined && found.headSha !== undefined) void this.cache.memo(key(found.baseSha, found.headSha), () => Promise.resolve(found));
    return found;
  }

  private async fetchCompare(base: string, head: string): Promise<Comparison> {
    try {
      const { data } = await this.rest.repos.compareCommitsWithBasehead({ ...this.ids, basehead: `${base}...${head}`, per_page: 250 });
      return {
        status: data.status,
        aheadBy: data.ahead_by,
        behindBy: data.behind_by,
        // Only a GitHub login: a git author name ("Dana Dev") mentions nobody and excludes no approver.
        commits: data.commits.map((c) => ({ sha: c.sha, message: c.commit.message, author: c.author?.login ?? undefined })),
        ...(data.base_commit?.sha !== undefined && { baseSha: data.base_commit.sha }),
        ...withDefined("headSha", headOf(data)),
      };
    } catch (error) {
      throw wrapGitHubError(error, `comparing ${base.slice(0, 12)}...${head.slice(0, 12)}`);
    }
  }

  async setBranch(params: { branch: string; sha: string; force: boolean; createFirst?: boolean }): Promise<RefUpdate> {
    const ref = `heads/${params.branch}`;
    if (params.createFirst) {
      try {
        await this.rest.git.createRef({ ...this.ids, ref: `refs/${ref}`, sha: params.sha });
        return { ok: true };
      } catch (error) {
        const status = httpStatusOf(error);
        const message = githubMessageOf(error);
        // It exists after all: move it as asked.
        if (status === 422 && /already exists/i.test(message)) return this.setBranch({ branch: params.branch, sha: params.sha, force: params.force });
        if (status === 422 || status === 409 || status === 403) return { ok: false, reason: "rule-violation", message };
        throw wrapGitHubError(error, `creating branch ${params.branch}`);
      }
    }
    try {
      await this.rest.git.updateRef({ ...this.ids, ref, sha: params.sha, force: params.force });
      return { ok: true };
    } catch (error) {
      const status = httpStatusOf(error);
      const message = githubMessageOf(error);
      if (status === 422 && /not a fast.forward/i.test(message)) return { ok: false, reason: "not-fast-forward", message };
      if (status === 422 && /reference does not exist/i.test(message)) {
        try {
          await this.rest.git.createRef({ ...this.ids, ref: `refs/${ref}`, sha: params.sha });
          return { ok: true };
        } catch (createError) {
          // Another delivery created it first: move it as asked.
          if (httpStatusOf(createError) === 422 && /already exists/i.test(githubMessageOf(createError))) return this.setBranch(params);
          throw wrapGitHubError(createError, `creating branch ${params.branch}`);
        }
      }
      if (status === 422 || status === 409 || status === 403) return { ok: false, reason: "rule-violation", message };
      throw wrapGitHubError(error, `moving branch ${params.branch}`);
    }
  }

  async findOpenPull(params: { head: string; base: string }): Promise<PullInfo | undefined> {
    const { data } = await this.rest.pulls.list({ ...this.ids, state: "open", head: `${this.ids.owner}:${params.head}`, base: params.base, per_page: 10 }).catch((e: unknown) => {
      throw wrapGitHubError(e, "listing pull requests");
    });
    const found = data.find((p) => p.head.ref === params.head && p.base.ref === params.base);
    return found ? toPull(found as unknown as RestPull) : undefined;
  }

  async createPull(params: { head: string; base: string; title: string; body: string }): Promise<PullInfo | "exists"> {
    try {
      // A lost answer must not open a second PR: look for the one it may have opened.
      return await createOnce(this.client, {
        create: async () => toPull((await this.rest.pulls.create({ ...this.ids, ...params, maintainer_can_modify: false, ...NO_RETRY })).data),
        find: () => this.findOpenPull({ head: params.head, base: params.base }),
      });
    } catch (error) {
      if (httpStatusOf(error) === 422 && /already exists/i.test(githubMessageOf(error))) return "exists";
      throw wrapGitHubError(error, "opening the promotion pull request");
    }
  }

  async updatePull(params: { number: number; title: string; body: string }): Promise<void> {
    await this.rest.pulls.update({ ...this.ids, pull_number: params.number, title: params.title, body: params.body }).catch((e: unknown) => {
      throw wrapGitHubError(e, `updating #${params.number}`);
    });
  }

  async getPull(number: number): Promise<PullInfo> {
    const { data } = await this.rest.pulls.get({ ...this.ids, pull_number: number }).catch((e: unknown) => {
      throw wrapGitHubError(e, `reading #${number}`);
    });
    return toPull(data);
  }

  async listApprovals(number: number): Promise<readonly Approval[]> {
    const reviews = await this.client.octokit.paginate(this.rest.pulls.listReviews, { ...this.ids, pull_number: number, per_page: 100 });
    // Only the latest decisive review of each person counts (GitHub's own rule).
    const latest = new Map<string, { state: string; commitId: string }>();
    for (const r of reviews) {
      if (!r.user || !["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(r.state)) continue;
      latest.set(r.user.login, { state: r.state, commitId: r.commit_id ?? "" });
    }
    return [...latest].filter(([, r]) => r.state === "APPROVED").map(([login, r]) => ({ login, commitId: r.commitId }));
  }

  async listChecks(sha: string): Promise<readonly CheckState[]> {
    const [runs, statuses] = await Promise.all([
      this.rest.checks.listForRef({ ...this.ids, ref: sha, per_page: 100, filter: "latest" }),
      this.rest.repos.getCombinedStatusForRef({ ...this.ids, ref: sha, per_page: 100 }),
    ]).catch((e: unknown) => {
      throw wrapGitHubError(e, `reading checks of ${sha.slice(0, 7)}`);
    });
    const out: CheckState[] = runs.data.check_runs.map((r) => ({
      name: r.name,
      state: r.status !== "completed" ? "pending" : ["success", "neutral", "skipped"].includes(r.conclusion ?? "") ? "success" : "failure",
    }));
    for (const s of statuses.data.statuses) out.push({ name: s.context, state: s.state === "success" ? "success" : s.state === "pending" ? "pending" : "failure" });
    return out;
  }

  upsertComment(params: { issueNumber: number; marker: string; body: string }): Promise<void> {
    return upsertMarkedComment(this.client, params);
  }

  upsertComments(params: UpsertCommentsParams): Promise<"written" | "stale"> {
    return syncMarkedComments(this.client, params);
  }

  async permissionOf(login: string): Promise<Permission> {
    try {
      const { data } = await this.rest.repos.getCollaboratorPermissionLevel({ ...this.ids, username: login });
      const role = (data as { role_name?: string }).role_name;
      const level = role && (PERMISSION_ORDER as readonly string[]).includes(role) ? role : data.permission;
      return (PERMISSION_ORDER as readonly string[]).includes(level) ? (level as Permission) : "none";
    } catch (error) {
      if (httpStatusOf(error) === 404) return "none";
      throw wrapGitHubError(error, `reading @${login}'s permission`);
    }
  }

  async isTeamMember(team: string, login: string): Promise<boolean> {
    const [org = "", slug = ""] = team.split("/");
    try {
      const { data } = await this.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
      return data.state === "active";
    } catch (error) {
      if (httpStatusOf(error) === 404) return false;
      throw wrapGitHubError(error, `reading membership of ${team}`);
    }
  }

  openTree(sha: string): Promise<FileTree> {
    return openGitHubFileTree({ client: this.client, sha, cache: this.cache });
  }

  async listDeployments(environment: string): Promise<readonly DeploymentRecord[]> {
    const deployments = await this.rest.repos.listDeployments({ ...this.ids, environment, per_page: 100 });
    const records: DeploymentRecord[] = [];
    for (const d of deployments.data) {
      const statuses = await this.rest.repos.listDeploymentStatuses({ ...this.ids, deployment_id: d.id, per_page: 1 });
      records.push({ sha: d.sha, state: toDeploymentState(statuses.data[0]?.state) ?? "pending" });
    }
    return records;
  }

  async createCommitWithTreeOf(params: { treeOf: string; parent: string; message: string }): Promise<string> {
    try {
      const source = await this.rest.git.getCommit({ ...this.ids, commit_sha: params.treeOf });
      const { data } = await this.rest.git.createCommit({ ...this.ids, message: params.message, tree: source.data.tree.sha, parents: [params.parent] });
      return data.sha;
    } catch (error) {
      throw wrapGitHubError(error, `making the rollback commit to ${params.treeOf.slice(0, 7)}`);
    }
  }

  async deploymentState(params: { environment: string; sha: string }): Promise<"success" | "failure" | "pending" | undefined> {
    const { data } = await this.rest.repos.listDeployments({ ...this.ids, environment: params.environment, sha: params.sha, per_page: 1 });
    const deployment = data[0];
    if (!deployment) return undefined;
    const statuses = await this.rest.repos.listDeploymentStatuses({ ...this.ids, deployment_id: deployment.id, per_page: 1 });
    return toDeploymentState(statuses.data[0]?.state) ?? "pending";
  }

  async upsertCheckRun(params: CheckRunUpdate): Promise<void> {
    const { name, headSha, status, conclusion, output } = params;
    const annotations = (output?.annotations ?? []).map((a) => ({ path: a.path, start_line: a.startLine, end_line: a.endLine, annotation_level: a.level, title: a.title, message: a.message }));
    // GitHub takes at most 50 annotations per request and appends those of later updates.
    const batches: (typeof annotations)[] = [];
    for (let i = 0; i < annotations.length; i += 50) batches.push(annotations.slice(i, i + 50));
    const outputWith = (batch: typeof annotations | undefined) => (output ? { output: { title: output.title, summary: output.summary, ...(output.text ? { text: output.text } : {}), ...(batch && batch.length > 0 ? { annotations: batch } : {}) } } : {});
    try {
      // One run per name and head SHA: a rerun of the handler updates it in place.
      // This host already wrote the run (in progress, then completed): no lookup needed.
      const known = this.checkRunIds.get(`${name}@${headSha}`);
      const existing = known ?? (await this.rest.checks.listForRef({ ...this.ids, ref: headSha, check_name: name, filter: "latest", per_page: 100 })).data.check_runs.find((r) => r.name === name && r.head_sha === headSha)?.id;
      const body = { ...this.ids, name, head_sha: headSha, status, ...(conclusion ? { conclusion } : {}), ...outputWith(batches[0]) };
      const find = async () => (await this.rest.checks.listForRef({ ...this.ids, ref: headSha, check_name: name, filter: "latest", per_page: 100 })).data.check_runs.find((r) => r.name === name && r.head_sha === headSha)?.id;
      const id = existing !== undefined ? (await this.rest.checks.update({ ...body, check_run_id: existing })).data.id : await createOnce(this.client, { create: async () => (await this.rest.checks.create({ ...body, ...NO_RETRY })).data.id, find });
      this.checkRunIds.set(`${name}@${headSha}`, id);
      for (const batch of batches.slice(1)) await this.rest.checks.update({ ...this.ids, check_run_id: id, ...outputWith(batch) });
    } catch (error) {
      throw wrapGitHubError(error, `writing check run ${name} on ${headSha.slice(0, 7)}`);
    }
  }

  async findOpenIssue(marker: string): Promise<number | undefined> {
    try {
      // The list includes pull requests; only Ferry's own issues count.
      const issues = await this.client.octokit.paginate(this.rest.issues.listForRepo, { ...this.ids, state: "open", per_page: 100 });
      return issues.find((i) => !i.pull_request && i.user?.type === "Bot" && i.body?.includes(marker))?.number;
    } catch (error) {
      throw wrapGitHubError(error, "listing open issues");
    }
  }

  async createIssue(params: { title: string; body: string }): Promise<number> {
    try {
      return await createOnce(this.client, {
        create: async () => (await this.rest.issues.create({ ...this.ids, title: params.title, body: params.body, ...NO_RETRY })).data.number,
        // Ferry's issues carry a marker in their body; the same body, open and by a bot, is the one it made.
        find: async () => (await this.client.octokit.paginate(this.rest.issues.listForRepo, { ...this.ids, state: "open", per_page: 100 })).find((i) => !i.pull_request && i.user?.type === "Bot" && i.title === params.title && i.body === params.body)?.number,
      });
    } catch (error) {
      throw wrapGitHubError(error, `opening the issue "${params.title}"`);
    }
  }

  async updateIssue(params: { number: number; title?: string; body?: string; state?: "open" | "closed" }): Promise<void> {
    const { number, ...change } = params;
    await this.rest.issues.update({ ...this.ids, issue_number: number, ...change }).catch((e: unknown) => {
      throw wrapGitHubError(e, `updating issue #${number}`);
    });
  }
}

// "inactive" is what GitHub sets on a superseded successful deployment: still good.
function toDeploymentState(state: string | undefined): DeploymentRecord["state"] | undefined {
  if (state === undefined) return undefined;
  if (state === "success" || state === "inactive") return "success";
  if (state === "failure" || state === "error") return "failure";
  return "pending";
}

function toPull(p: RestPull): PullInfo {
  return {
    number: p.number,
    state: p.state === "open" ? "open" : "closed",
    merged: Boolean(p.merged_at),
    headRef: p.head.ref,
    headSha: p.head.sha,
    baseRef: p.base.ref,
    baseSha: p.base.sha,
    author: p.user?.login ?? "",
    ...(typeof p.updated_at === "string" && { updatedAt: p.updated_at }),
    // Only the full pull-request shape counts comments; a listing's simple shape has none.
    ...(typeof (p as { comments?: unknown }).comments === "number" && { comments: p.comments }),
  };
}

const FULL_SHA = /^[0-9a-f]{40}$/;
// Comparisons are shared within one time window of this length (commit authors' logins can change).
const COMPARE_KEEP_MS = 60_000;
