/** One deployment of a SHA to an environment, as GitHub Deployments record it. */
export interface DeploymentRecord {
  readonly sha: string;
  readonly state: "success" | "failure" | "pending";
}

/** The SHA to roll back to, or why there is none, with the good candidates for the reply. */
export type RollbackChoice = { readonly target: string; readonly candidates: readonly string[] } | { readonly error: string; readonly candidates: readonly string[] };

/**
 * Returns the SHA an environment should roll back to: the newest SHA whose deployment
 * succeeded before the current one, or `requested`, which must have deployed
 * successfully there. A SHA whose apply failed is marked bad and is never a target,
 * even if it succeeded once before. `history` is newest first. Pure and deterministic.
 */
export function chooseRollbackTarget(params: { environment: string; history: readonly DeploymentRecord[]; current: string | undefined; requested?: string }): RollbackChoice {
  const { environment, history, current, requested } = params;
  const bad = new Set(history.filter((d) => d.state === "failure").map((d) => d.sha));
  const candidates = [...new Set(history.filter((d) => d.state === "success" && !bad.has(d.sha) && d.sha !== current).map((d) => d.sha))];
  const list = candidates.length > 0 ? `good SHAs to roll back to: ${candidates.slice(0, 10).map((s) => `\`${s.slice(0, 7)}\``).join(", ")}` : `${environment} has no earlier successful deployment`;
  if (requested !== undefined) {
    const full = history.find((d) => d.sha.startsWith(requested))?.sha;
    if (full !== undefined && bad.has(full)) return { error: `\`${requested}\` is marked bad: its apply to ${environment} failed, so Ferry never rolls back to it; ${list}`, candidates };
    if (full !== undefined && full === current) return { error: `${environment} is already at \`${requested}\`; ${list}`, candidates };
    if (full === undefined || !candidates.includes(full)) return { error: `\`${requested}\` never deployed successfully to ${environment}; ${list}`, candidates };
    return { target: full, candidates };
  }
  const target = candidates[0];
  return target === undefined ? { error: list, candidates } : { target, candidates };
}
