import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseManifests } from "../../../src/core/manifest/parse-manifests.ts";
import type { KubeObject } from "../../../src/core/manifest/kube-object.ts";
import { resourceKey, type ResourceKey } from "../../../src/core/manifest/resource-key.ts";
import type { ApplyPlan, BuildApplyPlanParams, PlanOptions } from "../../../src/core/plan/index.ts";

/** The golden cases under fixtures/plan. */
export const PLAN_FIXTURES = join(import.meta.dirname, "..", "..", "..", "fixtures", "plan");

/** One golden case: the inputs of buildApplyPlan read from its directory. */
export interface PlanCase {
  readonly name: string;
  readonly dir: string;
  readonly params: BuildApplyPlanParams;
}

/** Returns every case of fixtures/plan, in name order. */
export function listPlanCases(): PlanCase[] {
  return readdirSync(PLAN_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(PLAN_FIXTURES, name);
      const read = (file: string): string | undefined => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : undefined);
      const objects = (file: string): KubeObject[] => parseManifests(read(file) ?? "", file).map((m) => m.object);
      const liveText = read("live.yaml");
      const contents = read("namespace-contents.yaml");
      return {
        name,
        dir,
        params: {
          desired: objects("desired.yaml"),
          inventory: (parse(read("inventory.yaml") ?? "[]") ?? []) as ResourceKey[],
          live: {
            ...(liveText !== undefined ? { objects: new Map(objects("live.yaml").map((o) => [resourceKey(o), o])) } : {}),
            ...(contents !== undefined ? { namespaceContents: new Map(Object.entries(parse(contents) as Record<string, ResourceKey[]>)) } : {}),
          },
          options: JSON.parse(read("options.json") ?? "{}") as PlanOptions,
        },
      };
    });
}

/** Returns the golden JSON of a plan: keys instead of whole objects, so goldens stay readable. */
export function planToJson(plan: ApplyPlan): string {
  const view = {
    blocked: plan.blocked,
    stages: plan.stages.map((s) => ({ name: s.name, objects: s.objects.map((o) => (o.definedByPlan ? `${o.key} (kind defined by this plan)` : o.key)) })),
    prune: plan.prune.map((p) => p.key),
    keep: plan.keep,
    release: plan.release,
    findings: plan.findings,
  };
  return `${JSON.stringify(view, null, 2)}\n`;
}
