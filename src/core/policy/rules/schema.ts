import { apiGroup, resourceKey } from "../../manifest/resource-key.ts";
import { builtinSchemaOf } from "../builtin-schemas.ts";
import type { PolicyRule, RuleFinding } from "../policy-rule.ts";
import { validateSchema } from "../validate-schema.ts";
import { validateWithKubernetesModels } from "../validate-with-kubernetes-models.ts";

/**
 * `schema`: built-in kinds are checked against their schemas — unknown fields, wrong
 * types, missing required fields, API versions Kubernetes no longer serves. Custom
 * resources and kinds without a built-in schema are skipped.
 */
export const schemaRule: PolicyRule = {
  id: "schema",
  description: "built-in kinds match their Kubernetes schema (fields, types, required)",
  defaultSeverity: "error",
  evaluate(input) {
    if (!input.after.ok) return [];
    const out: RuleFinding[] = [];
    for (const r of input.after.resources) {
      const obj = r.object;
      const group = apiGroup(obj.apiVersion);
      const version = obj.apiVersion.slice(obj.apiVersion.indexOf("/") + 1);
      const schema = builtinSchemaOf(group, obj.kind, version);
      if (!schema) continue;
      const key = resourceKey(obj);
      if ("servedVersions" in schema) {
        const served = schema.servedVersions.map((v) => (group === "" ? v : `${group}/${v}`)).join(", ");
        out.push({ resourceKey: key, file: r.source.file, message: `${obj.kind} ${obj.metadata.name ?? ""}: apiVersion ${obj.apiVersion} is not served by Kubernetes 1.32; use ${served}` });
        continue;
      }
      // Types, required fields and enums from the maintained kubernetes-models schemas;
      // unknown fields (which those schemas allow) from Ferry's own field tables.
      const fromModels = validateWithKubernetesModels(obj);
      const own = validateSchema(obj, schema.type);
      const problems = fromModels === undefined ? own : [...own.filter((p) => p.message.startsWith("unknown field")), ...fromModels];
      for (const problem of problems) {
        out.push({ resourceKey: key, file: r.source.file, message: `${obj.kind} ${obj.metadata.name ?? ""}: ${problem.path}: ${problem.message}` });
      }
    }
    return out;
  },
};
