/**
 * Kubernetes `Status` failure bodies shaped like the real API server's, thrown
 * by handlers and written by the router.
 */

/** One entry of `details.causes`. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** A failed request carrying the Status body the server answers with. */
export class KubeStatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(params: { code: number; reason: string; message: string; details?: Record<string, unknown> }) {
    super(params.message);
    this.name = "KubeStatusError";
    this.code = params.code;
    this.reason = params.reason;
    this.details = params.details;
  }

  /** Returns the `Status` object for the response body. */
  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** Returns the `Kind.group` form the server uses in messages (`deployments.apps`, `configmaps`). */
export function qualifiedResource(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

/** Returns a 404 NotFound for a named object. */
export function notFound(params: { plural: string; group: string; name: string }): KubeStatusError {
  return new KubeStatusError({
    code: 404,
    reason: "NotFound",
    message: `${qualifiedResource(params.plural, params.group)} "${params.name}" not found`,
    details: { name: params.name, ...(params.group ? { group: params.group } : {}), kind: params.plural },
  });
}

/** Returns a 409 AlreadyExists. */
export function alreadyExists(params: { plural: string; group: string; name: string }): KubeStatusError {
  return new KubeStatusError({
    code: 409,
    reason: "AlreadyExists",
    message: `${qualifiedResource(params.plural, params.group)} "${params.name}" already exists`,
    details: { name: params.name, ...(params.group ? { group: params.group } : {}), kind: params.plural },
  });
}

/** Returns the 409 Conflict for a stale resourceVersion on update. */
export function staleConflict(params: { plural: string; group: string; name: string }): KubeStatusError {
  return new KubeStatusError({
    code: 409,
    reason: "Conflict",
    message: `Operation cannot be fulfilled on ${qualifiedResource(params.plural, params.group)} "${params.name}": the object has been modified; please apply your changes to the latest version and try again`,
    details: { name: params.name, ...(params.group ? { group: params.group } : {}), kind: params.plural },
  });
}

/** Returns a 422 Invalid naming each bad field, e.g. `Deployment.apps "web" is invalid: spec.selector: Required value`. */
export function invalid(params: { kind: string; group: string; name: string; causes: StatusCause[] }): KubeStatusError {
  const parts = params.causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`;
  return new KubeStatusError({
    code: 422,
    reason: "Invalid",
    message: `${params.group ? `${params.kind}.${params.group}` : params.kind} "${params.name}" is invalid: ${joined}`,
    details: { name: params.name, ...(params.group ? { group: params.group } : {}), kind: params.kind, causes: params.causes },
  });
}

/** Returns a 400 BadRequest. */
export function badRequest(message: string): KubeStatusError {
  return new KubeStatusError({ code: 400, reason: "BadRequest", message });
}
