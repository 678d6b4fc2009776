import type { PolicyRule, RuleFinding } from "../policy-rule.ts";

/**
 * `renders`: the environment renders at the head, with the YAML or kustomize error at its
 * file and line. Locked: a render error always fails the check and cannot be exempted,
 * because nothing else can be judged (fail closed). A base that does not render is a
 * warning: the PR may be the fix.
 */
export const rendersRule: PolicyRule = {
  id: "renders",
  description: "the environment renders at the head (kustomize build)",
  defaultSeverity: "error",
  locked: true,
  evaluate(input) {
    const out: RuleFinding[] = [];
    const path = input.environment.path === "" ? "the repository root" : `${input.environment.path}/`;
    if (!input.after.ok) {
      out.push(withPlace({ resourceKey: "", message: `${input.environment.name} does not render from ${path} at the head: ${input.after.message}` }, input.after));
    }
    if (input.before && !input.before.ok && input.after.ok) {
      out.push({ resourceKey: "", message: `${input.environment.name} did not render from ${path} at the base (fixed by this change): ${input.before.message}`, maxSeverity: "notice" });
    }
    if (input.source && !input.source.render.ok) {
      out.push(withPlace({ resourceKey: "", message: `the source environment ${input.source.environment} does not render at ${input.source.sha.slice(0, 7)}: ${input.source.render.message}` }, input.source.render));
    }
    return out;
  },
};

function withPlace(finding: RuleFinding, at: { file?: string; line?: number }): RuleFinding {
  return { ...finding, ...(at.file === undefined ? {} : { file: at.file }), ...(at.line === undefined ? {} : { line: at.line }) };
}
