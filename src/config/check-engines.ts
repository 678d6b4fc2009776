import type { Settings } from "./settings-schema.ts";
import type { SettingsIssue } from "./format-issues.ts";

const ENGINE_KEYS = { flux: "kustomization", argocd: "application" } as const;
const EXAMPLE = { flux: "flux: { kustomization: flux-system/apps-production }", argocd: "argocd: { application: argocd/shop-production }" } as const;

/**
 * Returns the problems of `apply.engine` the schema cannot see alone: an engine block
 * (`apply.flux`, `apply.argocd`) that the chosen engine would ignore, a cluster of the
 * environment whose engine object is not named, and per-cluster entries naming a
 * cluster the environment does not have. A setting Ferry would silently ignore is an
 * error, like an unknown key (failing closed).
 */
export function checkEngines(settings: Settings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  settings.environments.forEach((env, i) => {
    const at = `environments[${i}].apply`;
    const { engine } = env.apply;
    for (const other of ["flux", "argocd"] as const) {
      if (other !== engine && env.apply[other] !== undefined) issues.push({ path: `${at}.${other}`, message: `is set but apply.engine is "${engine}"; set engine: ${other} or remove apply.${other}` });
    }
    if (engine === "ferry") return;
    const block = env.apply[engine];
    const key = ENGINE_KEYS[engine];
    if (!block) {
      issues.push({ path: `${at}.${engine}`, message: `is required with engine: ${engine}; add ${EXAMPLE[engine]}` });
      return;
    }
    for (const cluster of Object.keys(block.clusters)) {
      if (!env.clusters.includes(cluster)) issues.push({ path: `${at}.${engine}.clusters.${cluster}`, message: `names a cluster environment "${env.name}" does not have; use one of: ${env.clusters.join(", ")}` });
    }
    for (const cluster of env.clusters) {
      const perCluster = block.clusters[cluster] as Record<string, string | undefined> | undefined;
      if (!perCluster?.[key] && !(block as Record<string, unknown>)[key]) issues.push({ path: `${at}.${engine}.${key}`, message: `is required for cluster "${cluster}" with engine: ${engine}; set apply.${engine}.${key} or apply.${engine}.clusters.${cluster}.${key} ("namespace/name")` });
    }
  });
  return issues;
}
