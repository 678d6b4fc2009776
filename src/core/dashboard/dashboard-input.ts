/**
 * What the dashboard reads, as plain data: the settings' environments, GitHub's record
 * (branches, commits, one compare per edge, open promotion and rollback PRs with their
 * `ferry/policy` check, Deployments) and each cluster's state (inventory SHA, health,
 * apply Lease holder, drift). Adapters fill it; `buildDashboardModel` turns it into
 * what the page says. Parts that could not be read are absent or carry an `error`.
 */
import type { Health } from "../health/index.ts";

/** One commit as the page shows it. */
export interface CommitReading {
  readonly sha: string;
  /** First line of the message. */
  readonly title: string;
  readonly author: string;
  /** Committer date, ISO 8601. */
  readonly date?: string;
  readonly url?: string;
}

/** The outcome states GitHub Deployment statuses have. */
export const DEPLOYMENT_STATES = ["success", "failure", "error", "inactive", "in_progress", "queued", "pending"] as const;
/** A Deployment's latest status state. */
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/** One GitHub Deployment of an environment with its latest status. */
export interface DeploymentReading {
  readonly id: number;
  readonly sha: string;
  readonly state: DeploymentState;
  readonly createdAt: string;
  readonly description?: string;
  readonly url?: string;
}

/** One drifted object. */
export interface DriftObjectReading {
  readonly key: string;
  readonly type: "modified" | "missing" | "orphaned" | "extra" | "unknown";
  /** For a modified object: the JSON pointers of the fields that differ (never their values). */
  readonly fields?: readonly string[];
}

/** What one cluster of an environment says. */
export interface ClusterReading {
  readonly cluster: string;
  /** The SHA of the last apply Ferry recorded in the cluster (its inventory). */
  readonly inventorySha?: string;
  /** Worst health of the applied objects; undefined when not read. */
  readonly health?: Health;
  /** Applied objects that are not Healthy, `key: health` (at most a few). */
  readonly unhealthy?: readonly string[];
  /** Who holds the environment's apply Lease while an apply runs. */
  readonly leaseHolder?: string;
  /** The drift of this cluster from the branch head, when read. */
  readonly drift?: { readonly readAt: string; readonly objects: readonly DriftObjectReading[]; readonly error?: string };
  /** Why the cluster could not be read (no credentials, unreachable). */
  readonly error?: string;
}

/** The `ferry/policy` check on a PR's head. */
export interface PolicyReading {
  readonly status: "queued" | "in_progress" | "completed";
  readonly conclusion?: string;
  readonly title?: string;
  /** The check run's summary (Markdown), read for its "Waiting for reviewers" list. */
  readonly summary?: string;
  readonly url?: string;
}

/** An open promotion (`ferry/promote/<env>`) or rollback (`ferry/rollback/<env>`) PR. */
export interface PullReading {
  readonly number: number;
  readonly title: string;
  readonly url?: string;
  readonly kind: "promotion" | "rollback";
  /** The environment the PR moves (its base branch's environment). */
  readonly environment: string;
  readonly headSha: string;
  readonly author: string;
  readonly createdAt: string;
  readonly policy?: PolicyReading;
  /** Logins whose latest review approves the head SHA. */
  readonly approvedBy: readonly string[];
}

/** One environment from the settings with what GitHub and its clusters say. */
export interface EnvironmentReading {
  readonly name: string;
  readonly branch: string;
  readonly promotesFrom?: string;
  readonly approvalsRequired: number;
  readonly clusterNames: readonly string[];
  /** The branch head; undefined when the branch is missing. */
  readonly head?: CommitReading;
  /** The commit of the newest Deployment (what runs), when it differs from the head. */
  readonly deployedCommit?: CommitReading;
  /** Deployments, newest first (the reader fetches at most 20). */
  readonly deployments: readonly DeploymentReading[];
  readonly clusters: readonly ClusterReading[];
}

/** How the source branch of an edge relates to its target: one compare per edge. */
export interface EdgeReading {
  readonly from: string;
  readonly to: string;
  readonly comparison?: { readonly status: "ahead" | "behind" | "diverged" | "identical"; readonly aheadBy: number; readonly behindBy: number; readonly commits: readonly CommitReading[] };
  readonly error?: string;
}

/** Everything one dashboard view of a repository is built from. */
export interface DashboardInput {
  readonly repo: { readonly owner: string; readonly name: string; readonly url?: string; readonly defaultBranch: string };
  /** When the reading was made (ISO 8601); ages are measured from it. */
  readonly readAt: string;
  readonly environments: readonly EnvironmentReading[];
  readonly edges: readonly EdgeReading[];
  readonly pulls: readonly PullReading[];
  /** Why the settings could not be read; the page then says so and shows nothing else. */
  readonly settingsError?: string;
  /** Parts left out and why (e.g. "GitHub-only parts omitted" in `ferry status`). */
  readonly notes: readonly string[];
}
