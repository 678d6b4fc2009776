/**
 * What the dashboard says, as data: the page, the JSON view and `ferry status` all
 * render this one model. Every state carries words as well as a tone, so nothing is
 * told by colour alone.
 */

/** The colour family of a state; the page maps tones to colour-blind-safe colours and an icon. */
export const TONES = ["good", "bad", "busy", "idle"] as const;
/** A tone: good (done, healthy), bad (failed, drifting), busy (running, waiting), idle (unknown, not read). */
export type Tone = (typeof TONES)[number];

/** A state in a machine-readable word, human words, and a tone. */
export interface StateView {
  readonly state: string;
  readonly words: string;
  readonly tone: Tone;
}

/** A commit as shown: short SHA linked, title, author, age. */
export interface CommitView {
  readonly sha: string;
  readonly short: string;
  readonly title: string;
  readonly author: string;
  readonly url?: string;
  readonly date?: string;
  readonly age?: string;
}

/** One Deployment row. */
export interface DeploymentView {
  readonly id: number;
  readonly sha: string;
  readonly short: string;
  readonly outcome: StateView;
  readonly createdAt: string;
  readonly age: string;
  readonly url?: string;
}

/** One drifted object. */
export interface DriftObjectView {
  readonly key: string;
  readonly type: string;
  readonly words: string;
}

/** One cluster of an environment. */
export interface ClusterView {
  readonly name: string;
  /** Short SHA of the last apply recorded in the cluster. */
  readonly appliedShort?: string;
  readonly applied?: string;
  /** The applied commit on GitHub. */
  readonly appliedUrl?: string;
  /** Whether the cluster runs the branch head (undefined when unknown). */
  readonly atHead?: boolean;
  readonly health: StateView;
  readonly unhealthy: readonly string[];
  /** "apply running, Lease held by …" when an apply holds the Lease. */
  readonly lease?: string;
  readonly drift: StateView & { readonly readAt?: string; readonly age?: string; readonly objects: readonly DriftObjectView[] };
  readonly error?: string;
}

/** An open promotion or rollback PR. */
export interface PullView {
  readonly number: number;
  readonly title: string;
  readonly url?: string;
  readonly kind: "promotion" | "rollback";
  readonly author: string;
  readonly age: string;
  readonly policy: StateView & { readonly url?: string };
  readonly approvals: { readonly have: number; readonly need: number };
  /** What the merge waits for, in words (approvals, reviewers by rule). Empty when nothing. */
  readonly waitingFor: readonly string[];
}

/** One environment, in tree order. */
export interface EnvironmentView {
  readonly name: string;
  readonly branch: string;
  /** 0 for a first stage; one more per `promotesFrom` step. */
  readonly depth: number;
  readonly promotesFrom?: string;
  /** Environments that promote from this one. */
  readonly next: readonly string[];
  readonly head?: CommitView;
  /** What the newest successful Deployment ran (the head when they agree). */
  readonly running?: CommitView;
  readonly lastApply: StateView & { readonly at?: string; readonly age?: string };
  readonly clusters: readonly ClusterView[];
  readonly drift: StateView;
  /** The newest 20 Deployments. */
  readonly deployments: readonly DeploymentView[];
  /** Open rollback PRs into this environment. */
  readonly rollbacks: readonly PullView[];
  /** The command that promotes into this environment, when it has a source. */
  readonly promoteCommand?: string;
}

/** Between two stages: what waits, and the promotion PR. */
export interface EdgeView {
  readonly from: string;
  readonly to: string;
  readonly state: StateView;
  /** Commits in `from` that `to` does not have. */
  readonly waiting: number;
  /** Newest first, at most 20. */
  readonly commits: readonly CommitView[];
  /** Waiting commits not listed. */
  readonly more: number;
  readonly pull?: PullView;
  readonly promoteCommand: string;
}

/** The dashboard of one repository. */
export interface DashboardModel {
  readonly repo: { readonly owner: string; readonly name: string; readonly fullName: string; readonly url?: string; readonly defaultBranch: string };
  readonly readAt: string;
  readonly environments: readonly EnvironmentView[];
  readonly edges: readonly EdgeView[];
  readonly notes: readonly string[];
  readonly error?: string;
}
