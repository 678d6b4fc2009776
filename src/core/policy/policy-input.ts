import type { EnvironmentSettings, Settings } from "../../config/settings-schema.ts";
import type { ManifestDiff } from "../diff/manifest-diff.ts";
import type { RenderedResource } from "../render/render-kustomization.ts";

/** The result of rendering one side: the resources, or why the render failed. */
export type RenderOutcome =
  | { readonly ok: true; readonly resources: readonly RenderedResource[] }
  | { readonly ok: false; readonly message: string; readonly file?: string; readonly line?: number };

/** A file that differs between the base and the head, with the lines the head adds. */
export interface ChangedFile {
  readonly path: string;
  readonly status: "added" | "modified" | "removed";
  /** Lines present in the head but not in the base, 1-based line numbers of the head. */
  readonly addedLines: readonly { readonly line: number; readonly text: string }[];
  /** True when the head's text is SOPS-encrypted (`ENC[...]` values) or holds a SealedSecret: secret, but ciphertext. */
  readonly encrypted: boolean;
}

/** Approving reviews, as facts gathered by the workflow (core cannot ask GitHub). */
export interface ReviewFacts {
  /** The head commit the approvals must be on. */
  readonly headSha: string;
  /** Latest approving review per reviewer, with the commit it approved. */
  readonly approvals: readonly { readonly login: string; readonly commitId: string }[];
  /** For each team the settings name, which of the approvers are active members. */
  readonly teamMembers: Readonly<Record<string, readonly string[]>>;
}

/** Facts about the pull request beyond its content. */
export interface PullFacts {
  readonly author: string;
  /** Everyone who pushed commits to the PR (commit authors); they cannot approve their own change. */
  readonly pushers: readonly string[];
  /** True when the PR is a promotion (its head is Ferry's `ferry/promote/<env>` branch or the source branch). */
  readonly isPromotion: boolean;
  /** True when the environment branch can move to the head by fast-forward. */
  readonly fastForward: boolean;
  /** Commits the PR carries that the source environment's branch does not have (short SHAs). */
  readonly commitsNotInSource: readonly string[];
}

/** What the source environment runs at the pinned SHA (promotions only). */
export interface SourceFacts {
  readonly environment: string;
  readonly sha: string;
  readonly render: RenderOutcome;
}

/** Everything the rules judge. Settings are the default branch's, never the PR's. */
export interface PolicyInput {
  readonly settings: Settings;
  readonly environment: EnvironmentSettings;
  /** The environment rendered at the base (its branch head); absent when there is none. */
  readonly before?: RenderOutcome;
  /** The environment rendered at the head. */
  readonly after: RenderOutcome;
  /** The render diff, secrets masked; absent when either side failed to render. */
  readonly diff?: ManifestDiff;
  /** Files changed between base and head (every file of the head when there is no base). */
  readonly changedFiles: readonly ChangedFile[];
  /** Reviews; absent when run locally, where rules that wait for reviewers only give notices. */
  readonly reviews?: ReviewFacts;
  /** Pull-request facts; absent when run locally outside a PR. */
  readonly pull?: PullFacts;
  /** The source environment at the pinned SHA, for promotion PRs. */
  readonly source?: SourceFacts;
}
