import { describeApprovers, describeExcluded, headOf, qualifyingApprovers } from "../approvals.ts";
import { matchGlob } from "../match-glob.ts";
import type { PolicyRule, RuleFinding } from "../policy-rule.ts";

/**
 * `ownership`: each `policy.ownership` entry maps path globs to owning teams or users;
 * a PR that changes a matching file needs an approving review on the head commit by
 * one of that entry's owners (not the author, not a pusher). Entries come from the
 * default branch's settings, so a PR cannot change who owns what it changes.
 */
export const ownershipRule: PolicyRule = {
  id: "ownership",
  description: "changes to owned paths are approved by their owners",
  defaultSeverity: "error",
  evaluate(input) {
    const out: RuleFinding[] = [];
    for (const entry of input.settings.policy.ownership) {
      const files = input.changedFiles.filter((f) => entry.paths.some((p) => matchGlob(p, f.path))).map((f) => f.path).sort();
      if (files.length === 0) continue;
      const approvers = { teams: entry.teams, users: entry.users };
      const what = `${files.slice(0, 5).join(", ")}${files.length > 5 ? ` and ${files.length - 5} more` : ""} (owned: ${entry.paths.join(", ")})`;
      if (!input.reviews) {
        out.push({ resourceKey: "", maxSeverity: "notice", message: `this change touches ${what}; it will need an approving review by ${describeApprovers(approvers)} (reviews are not checked locally)` });
        continue;
      }
      if (qualifyingApprovers(input, approvers).length > 0) continue;
      out.push({ resourceKey: "", file: files[0], line: 1, message: `waiting for an approving review on ${headOf(input)} by ${describeApprovers(approvers)}${describeExcluded(input)}: this change touches ${what}` });
    }
    return out;
  },
};
