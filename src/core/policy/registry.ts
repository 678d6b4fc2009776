import type { PolicyRule } from "./policy-rule.ts";
import { configApprovalsRule } from "./rules/config-approvals.ts";
import { imagesRule } from "./rules/images.ts";
import { noPlaintextSecretsRule } from "./rules/no-plaintext-secrets.ts";
import { ownershipRule } from "./rules/ownership.ts";
import { promotionPathRule } from "./rules/promotion-path.ts";
import { rendersRule } from "./rules/renders.ts";
import { schemaRule } from "./rules/schema.ts";
import { secretReviewerRule } from "./rules/secret-reviewer.ts";
import { workloadHygieneRule } from "./rules/workload-hygiene.ts";

/** Every policy rule, in the order the check's summary lists them. */
export const POLICY_RULES: readonly PolicyRule[] = [
  rendersRule,
  schemaRule,
  noPlaintextSecretsRule,
  secretReviewerRule,
  configApprovalsRule,
  imagesRule,
  promotionPathRule,
  workloadHygieneRule,
  ownershipRule,
];
