/** One side of a plan: the commit, and the ref the user named when there was one. */
export interface ReportRevision {
  readonly sha: string;
  readonly ref?: string;
}

/** Limits and switches of a report (the `report` section of the settings). */
export interface ReportOptions {
  /** Longest comment; GitHub rejects comments over 65,536 characters. */
  readonly maxCommentChars: number;
  /** Most comments a report is split into before falling back to a summary. */
  readonly maxParts: number;
  /** List unchanged resources in the table too. */
  readonly showUnchanged: boolean;
  /** Most entries per highlight list. */
  readonly maxHighlights: number;
}

/** What a report is about: the environment and the two revisions compared. */
export interface ReportContext {
  readonly environment: string;
  readonly from: ReportRevision;
  readonly to: ReportRevision;
  /** Lines shown under the headline, e.g. that default settings were assumed. */
  readonly notes?: readonly string[];
  readonly options?: Partial<ReportOptions>;
}

/** GitHub's limit on the body of an issue or PR comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** GitHub's limit on each of a check run's output title, summary and text. */
export const GITHUB_CHECK_FIELD_LIMIT = 65_535;

/** Default report options. */
export const DEFAULT_REPORT_OPTIONS: ReportOptions = { maxCommentChars: GITHUB_COMMENT_LIMIT, maxParts: 10, showUnchanged: false, maxHighlights: 25 };

/** Returns the report options with defaults filled in and the comment limit capped at GitHub's. */
export function resolveReportOptions(context: ReportContext): ReportOptions {
  const options = { ...DEFAULT_REPORT_OPTIONS, ...context.options };
  return { ...options, maxCommentChars: Math.min(options.maxCommentChars, GITHUB_COMMENT_LIMIT), maxParts: Math.max(1, options.maxParts) };
}

/** Returns the short form of a SHA shown in reports. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
