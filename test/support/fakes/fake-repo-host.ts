/**
 * An in-memory RepoHost for workflow tests: a commit graph, branches, PRs, reviews,
 * checks and comments, with GitHub's fast-forward and "PR already exists" rules.
 */
import { createHash } from "node:crypto";
import type { FileTree } from "../../../src/core/tree/file-tree.ts";
import { buildMemoryFileTree } from "../../../src/core/tree/memory-file-tree.ts";
import type { Permission } from "../../../src/core/promote/check-promoter.ts";
import type { Approval, CheckRunUpdate, CheckState, Comparison, PullInfo, RefUpdate, RepoHost } from "../../../src/workflows/ports.ts";

interface FakeCommit {
  sha: string;
  parents: string[];
  message: string;
  files: Record<string, string>;
}

export class FakeRepoHost implements RepoHost {
  // `implements` makes the fake type-check against its port (STYLE §5).
  readonly commits = new Map<string, FakeCommit>();
  readonly branches = new Map<string, string>();
  readonly pulls: PullInfo[] = [];
  readonly approvals = new Map<number, Approval[]>();
  readonly checks = new Map<string, CheckState[]>();
  readonly comments: { issueNumber: number; body: string }[] = [];
  readonly permissions = new Map<string, Permission>();
  readonly teams = new Map<string, string[]>();
  readonly deployments = new Map<string, "success" | "failure" | "pending">();
  readonly calls: string[] = [];
  private counter = 0;

  /** Adds a commit on top of `parents` and returns its SHA. */
  addCommit(params: { parents: string[]; message?: string; files?: Record<string, string> }): string {
    // Distinct prefixes, so short SHAs resolve as they would on GitHub.
    const sha = createHash("sha1").update(String(++this.counter)).digest("hex");
    const base = params.parents[0] ? this.commits.get(params.parents[0])?.files : {};
    this.commits.set(sha, { sha, parents: params.parents, message: params.message ?? `commit ${this.counter}`, files: { ...base, ...params.files } });
    return sha;
  }

  private ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length) {
      const s = stack.pop() as string;
      if (seen.has(s)) continue;
      seen.add(s);
      stack.push(...(this.commits.get(s)?.parents ?? []));
    }
    return seen;
  }

  private resolve(ref: string): string | undefined {
    return this.branches.get(ref) ?? [...this.commits.keys()].find((s) => s.startsWith(ref));
  }

  async branchSha(branch: string) {
    this.calls.push(`branchSha ${branch}`);
    return this.branches.get(branch);
  }
  async commitSha(ref: string) {
    return this.resolve(ref);
  }
  async compare(base: string, head: string): Promise<Comparison> {
    const b = this.resolve(base);
    const h = this.resolve(head);
    if (!b || !h) throw new Error(`unknown ref ${base} or ${head}`);
    const inBase = this.ancestors(b);
    const inHead = this.ancestors(h);
    const ahead = [...inHead].filter((s) => !inBase.has(s));
    const behind = [...inBase].filter((s) => !inHead.has(s));
    const status = ahead.length === 0 && behind.length === 0 ? "identical" : behind.length === 0 ? "ahead" : ahead.length === 0 ? "behind" : "diverged";
    const commits = ahead.sort().map((s) => ({ sha: s, message: this.commits.get(s)?.message ?? "", author: "dana" }));
    return { status, aheadBy: ahead.length, behindBy: behind.length, commits };
  }
  async setBranch(params: { branch: string; sha: string; force: boolean; createFirst?: boolean }): Promise<RefUpdate> {
    this.calls.push(`setBranch ${params.branch} ${params.sha.slice(0, 7)} force=${params.force}`);
    const current = this.branches.get(params.branch);
    if (current && !params.force && !this.ancestors(params.sha).has(current)) return { ok: false, reason: "not-fast-forward", message: "Update is not a fast forward" };
    this.branches.set(params.branch, params.sha);
    for (const pull of this.pulls) {
      if (pull.state === "open" && pull.baseRef === params.branch && this.ancestors(params.sha).has(pull.headSha)) Object.assign(pull, { merged: true, state: "closed" });
      if (pull.state === "open" && pull.headRef === params.branch) Object.assign(pull, { headSha: params.sha });
    }
    return { ok: true };
  }
  async findOpenPull(params: { head: string; base: string }) {
    return this.pulls.find((p) => p.state === "open" && p.headRef === params.head && p.baseRef === params.base);
  }
  async createPull(params: { head: string; base: string; title: string; body: string }): Promise<PullInfo | "exists"> {
    this.calls.push(`createPull ${params.head}`);
    // Checked without yielding, like GitHub's atomic "a pull request already exists".
    if (this.pulls.some((p) => p.state === "open" && p.headRef === params.head && p.baseRef === params.base)) return "exists";
    const pull: PullInfo = { number: this.pulls.length + 1, state: "open", merged: false, headRef: params.head, headSha: this.branches.get(params.head) ?? "", baseRef: params.base, author: "ferry[bot]" };
    this.pulls.push(pull);
    return pull;
  }
  async updatePull(params: { number: number }) {
    this.calls.push(`updatePull ${params.number}`);
  }
  async getPull(number: number) {
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) throw new Error(`no PR #${number}`);
    return { ...pull };
  }
  async listApprovals(number: number) {
    return this.approvals.get(number) ?? [];
  }
  async listChecks(sha: string) {
    return this.checks.get(sha) ?? [];
  }
  async upsertComment(params: { issueNumber: number; marker: string; body: string }) {
    const existing = this.comments.find((c) => c.issueNumber === params.issueNumber && c.body.includes(params.marker));
    if (existing) existing.body = params.body;
    else this.comments.push({ issueNumber: params.issueNumber, body: params.body });
  }
  async upsertComments(params: { issueNumber: number; markerPrefix: string; parts: readonly string[] }) {
    const mine = this.comments.filter((c) => c.issueNumber === params.issueNumber && c.body.startsWith(params.markerPrefix));
    params.parts.forEach((body, i) => {
      const existing = mine[i];
      if (existing) existing.body = body;
      else this.comments.push({ issueNumber: params.issueNumber, body });
    });
    for (const extra of mine.slice(params.parts.length)) this.comments.splice(this.comments.indexOf(extra), 1);
    return "written" as const;
  }
  async permissionOf(login: string) {
    return this.permissions.get(login) ?? "none";
  }
  async isTeamMember(team: string, login: string) {
    return (this.teams.get(team) ?? []).includes(login);
  }
  async openTree(sha: string): Promise<FileTree> {
    const commit = this.commits.get(sha);
    if (!commit) throw new Error(`no commit ${sha}`);
    return buildMemoryFileTree(commit.files);
  }
  readonly deploymentHistory = new Map<string, { sha: string; state: "success" | "failure" | "pending" }[]>();
  async listDeployments(environment: string) {
    return this.deploymentHistory.get(environment) ?? [];
  }
  async createCommitWithTreeOf(params: { treeOf: string; parent: string; message: string }) {
    const files = this.commits.get(params.treeOf)?.files ?? {};
    const sha = this.addCommit({ parents: [params.parent], message: params.message });
    (this.commits.get(sha) as FakeCommit).files = { ...files };
    return sha;
  }
  async deploymentState(params: { environment: string; sha: string }) {
    return this.deployments.get(`${params.environment}@${params.sha}`);
  }
  /** Check runs by "name@headSha", with every update applied in order (as GitHub keeps one run). */
  readonly checkRuns = new Map<string, { id: number; updates: number; status: string; conclusion?: string; output?: CheckRunUpdate["output"]; annotationRequests: number[] }>();
  /** Issues Ferry opened, by number (numbers shared with pulls, as on GitHub). */
  readonly issues = new Map<number, { title: string; body: string; state: "open" | "closed" }>();
  async findOpenIssue(marker: string) {
    return [...this.issues].find(([, i]) => i.state === "open" && i.body.includes(marker))?.[0];
  }
  async createIssue(params: { title: string; body: string }) {
    const number = this.pulls.length + this.issues.size + 1000;
    this.calls.push(`createIssue ${number}`);
    this.issues.set(number, { ...params, state: "open" });
    return number;
  }
  async updateIssue(params: { number: number; title?: string; body?: string; state?: "open" | "closed" }) {
    const issue = this.issues.get(params.number);
    if (!issue) throw new Error(`no issue #${params.number}`);
    this.calls.push(`updateIssue ${params.number}${params.state ? ` ${params.state}` : ""}`);
    Object.assign(issue, Object.fromEntries(Object.entries(params).filter(([k, v]) => k !== "number" && v !== undefined)));
  }
  async upsertCheckRun(params: CheckRunUpdate) {
    this.calls.push(`upsertCheckRun ${params.name} ${params.headSha.slice(0, 7)} ${params.status}`);
    const id = `${params.name}@${params.headSha}`;
    const run = this.checkRuns.get(id) ?? { id: this.checkRuns.size + 1, updates: 0, status: params.status, annotationRequests: [] };
    const all = params.output?.annotations ?? [];
    for (let i = 0; i < all.length; i += 50) run.annotationRequests.push(all.slice(i, i + 50).length);
    Object.assign(run, { updates: run.updates + 1, status: params.status, conclusion: params.conclusion, output: params.output });
    this.checkRuns.set(id, run);
    const state = params.status !== "completed" ? "pending" : params.conclusion === "failure" ? "failure" : "success";
    this.checks.set(params.headSha, [...(this.checks.get(params.headSha) ?? []).filter((c) => c.name !== params.name), { name: params.name, state }]);
  }
}
