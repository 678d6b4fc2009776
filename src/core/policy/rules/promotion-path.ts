import type { PolicyRule, RuleFinding } from "../policy-rule.ts";

/**
 * `promotion-path`: an environment with `promotesFrom` only moves by fast-forward to
 * commits its source already has. A PR that adds its own commits (not on the source
 * branch) or cannot fast-forward is an error. Needs PR facts; skipped locally without them.
 */
export const promotionPathRule: PolicyRule = {
  id: "promotion-path",
  description: "environments with promotesFrom change only by fast-forward promotion from their source",
  defaultSeverity: "error",
  evaluate(input) {
    const sourceName = input.environment.promotesFrom;
    const pull = input.pull;
    if (sourceName === undefined || !pull) return [];
    const source = input.settings.environments.find((e) => e.name === sourceName);
    const sourceBranch = source?.branch ?? sourceName;
    const out: RuleFinding[] = [];
    if (pull.commitsNotInSource.length > 0) {
      const list = pull.commitsNotInSource.slice(0, 10).join(", ");
      const more = pull.commitsNotInSource.length > 10 ? ` and ${pull.commitsNotInSource.length - 10} more` : "";
      out.push({ resourceKey: "", message: `${input.environment.name} only takes commits that ${sourceBranch} already has, but this PR carries ${list}${more}; land the change on ${sourceBranch} first, then /promote ${input.environment.name}` });
    }
    if (!pull.fastForward) {
      out.push({ resourceKey: "", message: `${input.environment.branch} cannot fast-forward to this PR's head (it has commits the head lacks); promote a commit of ${sourceBranch} that contains ${input.environment.branch}` });
    }
    return out;
  },
};
