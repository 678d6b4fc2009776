import { resourceKey } from "../../manifest/resource-key.ts";
import { describeApprovers, describeExcluded, headOf, qualifyingApprovers } from "../approvals.ts";
import type { PolicyInput } from "../policy-input.ts";
import type { PolicyRule } from "../policy-rule.ts";
import { isSecretResource } from "../secret-forms.ts";

/**
 * `secret-reviewer`: a change that adds, changes or removes a secret in any form (Secret,
 * secretGenerator, SealedSecret, ExternalSecret, SOPS-encrypted file) needs an approving
 * review on the head commit by a configured secret reviewer (`policy.secrets.reviewers`
 * teams or `policy.secrets.users`) who is neither the author nor anyone who pushed to the
 * PR. With no reviewers configured nobody qualifies: the rule fails closed.
 */
export const secretReviewerRule: PolicyRule = {
  id: "secret-reviewer",
  description: "secret changes are approved by a secret reviewer (not the author or a pusher)",
  defaultSeverity: "error",
  evaluate(input) {
    const changed = secretChanges(input);
    if (changed.length === 0) return [];
    const approvers = { teams: input.settings.policy.secrets.reviewers, users: input.settings.policy.secrets.users };
    const what = changed.length === 1 ? (changed[0] as string) : `${changed.length} secrets (${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ", …" : ""})`;
    if (!input.reviews) {
      return [{ resourceKey: "", maxSeverity: "notice", message: `this change touches ${what}; it will need an approving review by ${describeApprovers(approvers)} (reviews are not checked locally)` }];
    }
    if (qualifyingApprovers(input, approvers).length > 0) return [];
    const none = approvers.teams.length === 0 && approvers.users.length === 0 ? "; set policy.secrets.reviewers on the default branch" : "";
    return [{ resourceKey: "", message: `waiting for an approving review on ${headOf(input)} by ${describeApprovers(approvers)}${describeExcluded(input)}: this change touches ${what}${none}` }];
  },
};

/** Returns what secret changes the PR makes: resource keys and encrypted files, sorted. */
export function secretChanges(input: PolicyInput): string[] {
  const out = new Set<string>();
  if (input.diff) {
    for (const c of input.diff.changes) if (isSecretResource({ apiVersion: c.group === "" ? "v1" : `${c.group}/v1`, kind: c.kind })) out.add(`${c.kind} ${c.namespace ? `${c.namespace}/` : ""}${c.name}`);
  } else if (input.after.ok) {
    // Without a diff (no base, or it failed to render) every secret counts as changed: fail closed.
    for (const r of input.after.resources) if (isSecretResource(r.object)) out.add(`${r.object.kind} ${resourceKey(r.object).split("/").slice(2).filter(Boolean).join("/")}`);
  }
  for (const f of input.changedFiles) if (f.encrypted) out.add(`encrypted file ${f.path}`);
  return [...out].sort();
}
