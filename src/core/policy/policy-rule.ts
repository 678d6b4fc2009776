import type { FindingSeverity } from "./finding.ts";
import type { PolicyInput } from "./policy-input.ts";
import type { ResourceKey } from "../manifest/resource-key.ts";

/** A finding as a rule reports it; evaluatePolicies adds the rule id and the configured severity. */
export interface RuleFinding {
  readonly resourceKey: ResourceKey;
  readonly message: string;
  readonly check?: string;
  readonly file?: string;
  readonly line?: number;
  /** Caps the severity (e.g. "notice" for reviews that cannot be checked locally). */
  readonly maxSeverity?: FindingSeverity;
}

/**
 * The contract every policy rule exports (the plugin-family pattern): an id, a
 * default severity, and a pure `evaluate` from the policy input to findings. A rule
 * never throws on bad input: it reports it. If it throws anyway, evaluatePolicies turns
 * that into an error finding ("could not run"), so the check fails closed.
 */
export interface PolicyRule {
  /** Kebab-case id, also the file name under rules/ and the key in `policy.rules`. */
  readonly id: string;
  /** One line for the rule reference and the check's summary table. */
  readonly description: string;
  readonly defaultSeverity: FindingSeverity;
  /** Default severities of sub-checks that differ from the rule's. */
  readonly checkSeverities?: Readonly<Record<string, FindingSeverity>>;
  /** When true, settings cannot lower or switch off the rule and exemptions do not apply (fail closed). */
  readonly locked?: boolean;
  evaluate(input: PolicyInput): readonly RuleFinding[];
}
