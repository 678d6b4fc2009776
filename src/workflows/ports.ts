/**
 * The ports workflows are written against. Adapters implement them; tests use fakes
 * that `satisfies` them. Workflows never import adapters.
 */

import type { FileTree } from "../core/tree/file-tree.ts";
import type { CheckAnnotation } from "../core/policy/render-policy-check-run.ts";
import type { CommitSummary } from "../core/promote/build-promotion-pull.ts";
import type { Permission } from "../core/promote/check-promoter.ts";
import type { DeploymentRecord } from "../core/rollback/choose-rollback-target.ts";
import type { JsonObject, KubeObject } from "../core/manifest/kube-object.ts";
import type { ResourceKey } from "../core/manifest/resource-key.ts";
import type { ApplyPlan, ApplyReport } from "../core/plan/index.ts";

/** Time, injected so core and workflows stay deterministic under test. */
export interface Clock {
  /** Returns the current time. */
  now(): Date;
}

// ---------------------------------------------------------------------------
// GitHub, as the promotion workflows see it.


/** How two commits relate: GitHub's compare statuses. `commits` are in head but not base, oldest first. */
export interface Comparison {
  readonly status: "ahead" | "behind" | "diverged" | "identical";
  readonly aheadBy: number;
  readonly behindBy: number;
  readonly commits: readonly CommitSummary[];
  /**
   * The commits `base` and `head` resolved to, when the answer shows them for sure
   * (compared by branch name, this reads both heads in one request); else undefined.
   */
  readonly baseSha?: string;
  readonly headSha?: string;
}

/** A pull request as workflows need it. */
export interface PullInfo {
  readonly number: number;
  readonly state: "open" | "closed";
  readonly merged: boolean;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
  /** The base branch's head when GitHub last described the PR (webhook payload or API); saves a ref read. */
  readonly baseSha?: string;
  readonly author: string;
  /**
   * When GitHub last changed the PR as the event that brought it saw it (`updated_at`):
   * a report from an older event, delivered late or out of order, never replaces one
   * from a newer event.
   */
  readonly updatedAt?: string;
  /**
   * How many conversation comments the PR had when GitHub described it (a fresh read of
   * the PR, not a webhook payload): 0 tells a report that none of its comments exist yet,
   * which saves listing them.
   */
  readonly comments?: number;
}

/** What `RepoHost.upsertComments` writes, and what it knows of the PR's state. */
export interface UpsertCommentsParams {
  readonly issueNumber: number;
  readonly markerPrefix: string;
  readonly parts: readonly string[];
  /** The PR's `updated_at` and head the report was made for: a report of a newer state already there is left. */
  readonly updatedAt?: string;
  readonly headSha?: string;
  /** True when a fresh read of the PR counted no comments at all, so there is nothing of Ferry's to find. */
  readonly noComments?: boolean;
  /**
   * Asked only when the report already there was made at the same `updated_at` (GitHub's
   * clock has one-second steps) for another head: whether `headSha` is still the PR's head.
   */
  readonly isCurrentHead?: () => Promise<boolean>;
}

/** The outcome of moving a branch: moved, or why GitHub refused. */
export type RefUpdate =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "not-fast-forward" | "rule-violation" | "missing"; readonly message: string };

/** An approving review, latest per reviewer, with the commit it approved. */
export interface Approval {
  readonly login: string;
  readonly commitId: string;
}

/** A check run or commit status on a commit, for `/merge` to judge. */
export interface CheckState {
  readonly name: string;
  readonly state: "success" | "pending" | "failure";
}

/** One repository on GitHub, with the installation's rights. Implemented over Octokit. */
export interface RepoHost {
  /** Returns the SHA a branch points at, or undefined when there is no such branch. */
  branchSha(branch: string): Promise<string | undefined>;
  /** Returns the full SHA of a commit named by a (short) SHA or ref, or undefined when there is none. */
  commitSha(ref: string): Promise<string | undefined>;
  /** Returns how `head` relates to `base`. */
  compare(base: string, head: string): Promise<Comparison>;
  /** Points `branch` at `sha`, creating it when missing; with `force: false` only a fast-forward. */
  setBranch(params: { branch: string; sha: string; force: boolean; createFirst?: boolean }): Promise<RefUpdate>;
  /** Returns the open PR from `head` into `base`, if any. */
  findOpenPull(params: { head: string; base: string }): Promise<PullInfo | undefined>;
  /** Opens a PR; returns "exists" when GitHub says one is already open for the same branches. */
  createPull(params: { head: string; base: string; title: string; body: string }): Promise<PullInfo | "exists">;
  /** Changes a PR's title and body. */
  updatePull(params: { number: number; title: string; body: string }): Promise<void>;
  /** Returns a PR. */
  getPull(number: number): Promise<PullInfo>;
  /** Returns the latest approving review of each reviewer. */
  listApprovals(number: number): Promise<readonly Approval[]>;
  /** Returns the check runs and commit statuses on a commit (latest per name). */
  listChecks(sha: string): Promise<readonly CheckState[]>;
  /** Creates the comment carrying `marker` on an issue or PR, or updates it in place. */
  upsertComment(params: { issueNumber: number; marker: string; body: string }): Promise<void>;
  /**
   * Makes the bot's comments whose body starts with `markerPrefix` equal `parts`, in order:
   * updates them in place, creates missing ones, deletes ones no longer needed.
   */
  upsertComments(params: UpsertCommentsParams): Promise<"written" | "stale">;
  /** Returns a person's permission on the repository (collaborator permission endpoint). */
  permissionOf(login: string): Promise<Permission>;
  /** Returns whether a person is an active member of a team ("org/slug"). */
  isTeamMember(team: string, login: string): Promise<boolean>;
  /** Opens the file tree of a commit (trees and blobs API, blob cache). */
  openTree(sha: string): Promise<FileTree>;
  /** Returns the deployments of an environment, newest first, each with its latest state. */
  listDeployments(environment: string): Promise<readonly DeploymentRecord[]>;
  /** Creates a commit whose tree is the tree of commit `treeOf`, on top of `parent`; returns its SHA. */
  createCommitWithTreeOf(params: { treeOf: string; parent: string; message: string }): Promise<string>;
  /** Returns the state of the latest deployment of `sha` to `environment`, if any. */
  deploymentState(params: { environment: string; sha: string }): Promise<"success" | "failure" | "pending" | undefined>;
  /**
   * Creates the check run `name` on `headSha`, or updates the one already there in place
   * (found by name and head SHA), sending annotations in batches of at most 50 per request.
   */
  upsertCheckRun(params: CheckRunUpdate): Promise<void>;
  /** Returns the number of the open issue (not a PR) opened by Ferry whose body carries `marker`, if any. */
  findOpenIssue(marker: string): Promise<number | undefined>;
  /** Opens an issue and returns its number. */
  createIssue(params: { title: string; body: string }): Promise<number>;
  /** Changes an issue's title, body or state. */
  updateIssue(params: { number: number; title?: string; body?: string; state?: "open" | "closed" }): Promise<void>;
}

/** A check run's state as Ferry writes it (issue #5: `ferry/policy`). */
export interface CheckRunUpdate {
  readonly name: string;
  readonly headSha: string;
  readonly status: "in_progress" | "completed";
  readonly conclusion?: "success" | "failure" | "neutral";
  readonly output?: { readonly title: string; readonly summary: string; readonly text?: string; readonly annotations?: readonly CheckAnnotation[] };
}

/** The thread a command came from: replies and reactions on the comment. */
export interface Conversation {
  /** Posts a reply on the issue or PR where the command was written. */
  reply(body: string): Promise<void>;
  /** Reacts to the command's comment. */
  react(content: "eyes" | "rocket" | "confused" | "+1"): Promise<void>;
}

// ---------------------------------------------------------------------------
// Repository trees, as `ferry plan` sees them.

/** A FileTree of one commit, with the commit's full SHA; `close()` releases what the tree holds. */
export type CommitTree = FileTree & { readonly commit: string; close?(): void };

/** Opens the file trees of one repository's commits (local git, or GitHub's API). */
export interface TreeSource {
  /** Returns the tree of the commit `ref` names; rejects with AppError("ref-not-found") when there is none. */
  openTree(ref: string): Promise<CommitTree>;
  /** Returns the ref settings are read from (the default branch). */
  defaultBranch(): Promise<string>;
}

// ---------------------------------------------------------------------------
// Clusters and deployments, as the apply workflows see them (issue #6).

/** What Ferry recorded as applied for one environment in one cluster (its inventory). */
export interface ClusterInventory {
  readonly keys: readonly ResourceKey[];
  /** The SHA of the apply that wrote it; undefined when unknown. */
  readonly sha: string | undefined;
}

/** Reads one cluster. Implemented by KubeClusterClient. */
export interface ClusterReader {
  /** Returns `group/kind` → namespaced for every kind the cluster serves (discovery, cached per connection). */
  readScopes(): Promise<ReadonlyMap<string, boolean>>;
  /** Returns the live objects with these keys; a key that does not exist is absent from the map. */
  readObjects(keys: readonly ResourceKey[]): Promise<ReadonlyMap<ResourceKey, KubeObject>>;
  /** Returns the keys of the objects in a namespace that have no owner (controller-made objects go with their owner). */
  listNamespace(namespace: string): Promise<readonly ResourceKey[]>;
  /** Returns the inventory of an environment, or undefined before its first apply. */
  readInventory(environment: string): Promise<ClusterInventory | undefined>;
  /**
   * Returns what a server-side apply of `objects` would make of them, without changing
   * anything (dryRun=All, field manager ferry, forced so the prediction shows what an
   * apply would overwrite). One request per object; objects the server refuses are in
   * `failures` with its (secret-masked) reason. Used by drift (issue #7).
   */
  predictApply(objects: readonly KubeObject[], options?: PredictOptions): Promise<ApplyPrediction>;
  /**
   * Returns the objects of each `group/kind` in each namespace ("" for cluster-scoped)
   * whose labels include every one of `labels`, without owners: one LIST with a label
   * selector per kind and namespace. Used by drift both as its batched read of labelled
   * objects and to find objects made by hand that carry an environment's labels.
   */
  listLabelled(params: { readonly scopes: readonly LabelScope[]; readonly labels: Readonly<Record<string, string>> }): Promise<readonly KubeObject[]>;
}

/** How {@link ClusterReader.predictApply} predicts. */
export interface PredictOptions {
  /** The field manager the dry-run applies as (default `ferry`); a Flux environment predicts as `kustomize-controller`. */
  readonly fieldManager?: string;
}

/** Where {@link ClusterReader.listLabelled} looks: one kind in one namespace ("" when cluster-scoped). */
export interface LabelScope {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

/** The result of a server-side apply dry-run of some objects. */
export interface ApplyPrediction {
  /** The object as the server would store it, by key. */
  readonly objects: ReadonlyMap<ResourceKey, KubeObject>;
  /** Why the server refused an object, by key. */
  readonly failures: ReadonlyMap<ResourceKey, string>;
}

/**
 * Changes one cluster. `apply` is the only path that changes applied objects: stages in
 * order (waiting for CRDs to be Established between them), then the prune set; with
 * `dryRun: "server"` every object is sent with dryRun=All and nothing changes.
 */
export interface ClusterWriter {
  /**
   * Applies (or server-dry-runs) the whole plan and returns a result per object. A dry-run
   * answers `unchanged` for an object equal to its live state: `live` (read just before,
   * keyed by ResourceKey) saves reading it again; without it the writer reads it.
   */
  apply(plan: ApplyPlan, options: { readonly dryRun: "server" | "none"; readonly live?: ReadonlyMap<ResourceKey, KubeObject> }): Promise<ApplyReport>;
  /** Records the inventory of an environment (Ferry's own bookkeeping object). */
  writeInventory(environment: string, inventory: ClusterInventory): Promise<void>;
}

/** The outcome of asking for an environment's apply lock in one cluster. */
export type LockOutcome =
  | { readonly status: "acquired"; release(): Promise<void> }
  | { readonly status: "superseded"; readonly by: string }
  | { readonly status: "busy"; readonly holder: string };

/** One apply per environment and cluster at a time, across Ferry replicas (a Lease). */
export interface ClusterLock {
  /** Waits up to `waitSeconds` for the lock; a newer SHA queued meanwhile supersedes this one. */
  acquire(params: { environment: string; sha: string; waitSeconds: number }): Promise<LockOutcome>;
  /** Returns who holds the environment's apply Lease while an apply runs, else undefined (the dashboard shows it). */
  readLockHolder?(environment: string): Promise<string | undefined>;
}

/**
 * Asks a GitOps engine for work by changing its own objects (a Flux Kustomization or
 * GitRepository, an Argo CD Application): never an applied object (issue #15).
 */
export interface ClusterPatcher {
  /** Merge-patches (RFC 7386) the object `key` and returns it as stored; rejects with ClusterError when it is missing or refused. */
  mergePatch(key: ResourceKey, patch: JsonObject): Promise<KubeObject>;
}

/** Everything the apply workflow does with one cluster. */
export interface ClusterConnection extends ClusterReader, ClusterWriter, ClusterLock, ClusterPatcher {
  /** The cluster's name in settings (`environments[].clusters`). */
  readonly name: string;
}

/** How to talk to a cluster (settings `cluster`): seconds to connect, seconds per answer, requests at once. */
export interface ClusterAccess {
  readonly connectTimeout: number;
  readonly responseTimeout: number;
  readonly concurrency: number;
}

/**
 * Opens a connection to a named cluster with Ferry's own credentials, with the
 * repository's `cluster` settings when given; rejects with ClusterError when unknown.
 */
export type ClusterConnector = (cluster: string, access?: ClusterAccess) => Promise<ClusterConnection>;

/** GitHub Deployments and commit statuses: where apply outcomes are recorded. */
export interface DeploymentRecorder {
  /** Creates a Deployment of `sha` to `environment` (auto_merge off, no required contexts) and returns its id. */
  createDeployment(params: { environment: string; sha: string; description: string }): Promise<number>;
  /** Adds a status to a Deployment. */
  setDeploymentStatus(params: { deploymentId: number; state: "in_progress" | "success" | "failure" | "error"; description: string; logUrl?: string }): Promise<void>;
  /** Sets a commit status (`ferry/apply` marks a SHA whose apply failed). */
  setCommitStatus(params: { sha: string; context: string; state: "success" | "failure" | "pending" | "error"; description: string; targetUrl?: string }): Promise<void>;
  /** Returns the merged PR into `base` whose head was `sha`, if any (the promotion that was merged). */
  findMergedPull(params: { base: string; headSha: string }): Promise<PullInfo | undefined>;
}
