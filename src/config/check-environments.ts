import type { Settings } from "./settings-schema.ts";
import { formatKeyPath, type SettingsIssue } from "./format-issues.ts";

/**
 * Returns the problems the schema cannot see on its own: duplicate environment names or
 * branches, `promotesFrom` naming an unknown environment or itself, promotion cycles,
 * and per-environment rule severities naming unknown environments. Environments must
 * form chains or trees, because a promotion resolves its source by walking up.
 */
export function checkEnvironments(settings: Settings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const envs = settings.environments;
  const names = envs.map((e) => e.name);
  const known = `use one of: ${names.join(", ")}`;

  const firstByName = new Map<string, number>();
  const firstByBranch = new Map<string, number>();
  envs.forEach((env, i) => {
    const sameName = firstByName.get(env.name);
    if (sameName !== undefined) issues.push({ path: `environments[${i}].name`, message: `"${env.name}" is already the name of environments[${sameName}]; give each environment its own name` });
    else firstByName.set(env.name, i);
    const sameBranch = firstByBranch.get(env.branch);
    if (sameBranch !== undefined) issues.push({ path: `environments[${i}].branch`, message: `branch "${env.branch}" is already used by environments[${sameBranch}] ("${envs[sameBranch]?.name ?? ""}"); give each environment its own branch` });
    else firstByBranch.set(env.branch, i);
  });

  envs.forEach((env, i) => {
    if (env.promotesFrom === undefined) return;
    if (env.promotesFrom === env.name) issues.push({ path: `environments[${i}].promotesFrom`, message: `"${env.name}" cannot promote from itself; name the environment before it` });
    else if (!firstByName.has(env.promotesFrom)) issues.push({ path: `environments[${i}].promotesFrom`, message: `unknown environment "${env.promotesFrom}"; ${known}` });
  });
  if (issues.length > 0) return issues;

  // Each environment has at most one source, so a cycle is found by walking up from each.
  const source = new Map(envs.map((e) => [e.name, e.promotesFrom]));
  const reported = new Set<string>();
  envs.forEach((env, i) => {
    const seen: string[] = [env.name];
    for (let at = source.get(env.name); at !== undefined; at = source.get(at)) {
      if (at === env.name) {
        const cycle = [...seen, at];
        const id = [...seen].sort().join(",");
        if (!reported.has(id)) issues.push({ path: `environments[${i}].promotesFrom`, message: `promotion cycle ${cycle.join(" → ")}; environments must form chains or trees, so remove promotesFrom from the first environment` });
        reported.add(id);
        break;
      }
      if (seen.includes(at)) break;
      seen.push(at);
    }
  });

  for (const [rule, ruleSettings] of Object.entries(settings.policy.rules)) {
    for (const envName of Object.keys(ruleSettings.environments)) {
      if (!firstByName.has(envName)) issues.push({ path: formatKeyPath(["policy", "rules", rule, "environments", envName]), message: `unknown environment "${envName}"; ${known}` });
    }
  }
  for (const envName of Object.keys(settings.drift.environments)) {
    if (!firstByName.has(envName)) issues.push({ path: formatKeyPath(["drift", "environments", envName]), message: `unknown environment "${envName}"; ${known}` });
  }
  return issues;
}
