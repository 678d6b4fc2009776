import type { EnvironmentSettings } from "../../config/settings-schema.ts";

/** Repository permission levels, weakest first. */
export const PERMISSION_ORDER = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type Permission = (typeof PERMISSION_ORDER)[number];

/** Whether someone may act on an environment, and if not, why (for the reply). */
export type PromoterDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * Returns whether `login` may promote into (or merge, or roll back) `env`: their
 * repository permission must reach the environment's `promoters.permission`, and when
 * users or teams are listed they must be one of them. Deny by default: an unknown
 * permission counts as none. The permission must come from GitHub's collaborator
 * permission endpoint, never from a webhook's author_association.
 */
export function checkPromoter(params: { env: EnvironmentSettings; login: string; permission: Permission; teams: readonly string[] }): PromoterDecision {
  const { env, login, permission, teams } = params;
  const needed = env.promoters.permission;
  if (PERMISSION_ORDER.indexOf(permission) < PERMISSION_ORDER.indexOf(needed)) {
    return { allowed: false, reason: `@${login} has ${permission} permission on this repository; promoting to ${env.name} needs ${needed}` };
  }
  const { users, teams: allowedTeams } = env.promoters;
  if (users.length === 0 && allowedTeams.length === 0) return { allowed: true };
  if (users.some((u) => u.toLowerCase() === login.toLowerCase())) return { allowed: true };
  if (teams.some((t) => allowedTeams.includes(t))) return { allowed: true };
  const who = [...users.map((u) => `@${u}`), ...allowedTeams.map((t) => `@${t}`)].join(", ");
  return { allowed: false, reason: `promoting to ${env.name} is limited to ${who}; @${login} is not one of them` };
}
