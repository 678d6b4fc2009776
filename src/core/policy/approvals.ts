import type { PolicyInput } from "./policy-input.ts";

/** Who may approve: members of any of the teams, or any of the users; empty lists mean anyone. */
export interface ApproverSet {
  readonly teams: readonly string[];
  readonly users: readonly string[];
}

/**
 * Returns the logins whose latest approving review is on the head commit, who are not
 * the PR's author nor anyone who pushed to it, and who belong to `approvers` (when it
 * names anyone). Sorted, so messages are deterministic.
 */
export function qualifyingApprovers(input: PolicyInput, approvers?: ApproverSet): string[] {
  const reviews = input.reviews;
  if (!reviews) return [];
  const excluded = new Set([input.pull?.author, ...(input.pull?.pushers ?? [])].filter((l): l is string => l !== undefined).map((l) => l.toLowerCase()));
  const out = reviews.approvals
    .filter((a) => a.commitId === reviews.headSha && !excluded.has(a.login.toLowerCase()))
    .map((a) => a.login)
    .filter((login) => approvers === undefined || isApprover(input, approvers, login));
  return [...new Set(out)].sort();
}

function isApprover(input: PolicyInput, approvers: ApproverSet, login: string): boolean {
  const lower = login.toLowerCase();
  if (approvers.users.some((u) => u.toLowerCase() === lower)) return true;
  return approvers.teams.some((team) => (input.reviews?.teamMembers[team] ?? []).some((m) => m.toLowerCase() === lower));
}

/** Returns "a member of @org/team or @user" for messages. */
export function describeApprovers(approvers: ApproverSet): string {
  const names = [...approvers.teams.map((t) => `@${t}`), ...approvers.users.map((u) => `@${u}`)];
  if (names.length === 0) return "nobody (none configured)";
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  return approvers.teams.length > 0 ? `a member of ${who}` : (who ?? "");
}

/** Returns " (not the author @x nor the pushers @y)" naming who cannot approve. */
export function describeExcluded(input: PolicyInput): string {
  const pull = input.pull;
  if (!pull) return "";
  const pushers = [...new Set(pull.pushers)].filter((p) => p !== pull.author).sort();
  const parts = [`the author @${pull.author}`, ...(pushers.length > 0 ? [`who pushed: ${pushers.map((p) => `@${p}`).join(", ")}`] : [])];
  return `; not ${parts.join(", nor ")}`;
}

/** Returns the short head SHA for messages. */
export function headOf(input: PolicyInput): string {
  return input.reviews ? input.reviews.headSha.slice(0, 7) : "the head commit";
}
