/**
 * Ferry's error type. Every failure Ferry reports has a stable code (for check-run
 * conclusions, exit codes and tests), a message that names the subject, says what
 * failed and how to fix it, and never carries a secret value, token or kubeconfig.
 */

/** Stable codes for every failure Ferry reports. */
export const ERROR_CODES = [
  "config-invalid",
  "config-missing",
  "render-failed",
  "render-unsupported",
  "render-limit",
  "git-failed",
  "ref-not-found",
  "github-failed",
  "permission-denied",
  "not-fast-forward",
  "cluster-unreachable",
  "dry-run-failed",
  "apply-failed",
  "prune-failed",
  "health-timeout",
  "lock-busy",
  "engine-failed",
  "engine-timeout",
  "usage",
  "oauth-failed",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure Ferry expected might happen, with a stable code and an actionable message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A kustomization that cannot be built: names the file (repo-relative) and the field when known. */
export class RenderError extends AppError {
  readonly file: string | undefined;
  constructor(params: { code?: "render-failed" | "render-unsupported" | "render-limit"; message: string; file?: string; cause?: unknown }) {
    super(params.code ?? "render-failed", params.message, { cause: params.cause });
    this.file = params.file;
  }
}

/** Settings that do not validate: lists each problem with its key path. */
export class ConfigError extends AppError {
  readonly issues: readonly { path: string; message: string }[];
  constructor(message: string, issues: readonly { path: string; message: string }[] = [], code: "config-invalid" | "config-missing" = "config-invalid") {
    super(code, message);
    this.issues = issues;
  }
}

/** A cluster operation that failed: names the resource, the operation and the HTTP status. */
export class ClusterError extends AppError {
  readonly resourceKey: string | undefined;
  readonly operation: string;
  readonly httpStatus: number | undefined;
  constructor(params: { code: ErrorCode; message: string; operation: string; resourceKey?: string; httpStatus?: number; cause?: unknown }) {
    super(params.code, params.message, { cause: params.cause });
    this.resourceKey = params.resourceKey;
    this.operation = params.operation;
    this.httpStatus = params.httpStatus;
  }
}

/** Returns true when the value is an AppError (or subclass). */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
