import type { EnvironmentSettings, Settings } from "../../config/settings-schema.ts";

/** The environments one promotion moves between. */
export interface PromotionRoute {
  readonly target: EnvironmentSettings;
  readonly source: EnvironmentSettings;
}

/**
 * Returns the source and target of a promotion into `envName`, or the reason there is
 * none (unknown environment, or one that nothing promotes into) naming the choices.
 */
export function resolvePromotion(settings: Settings, envName: string): PromotionRoute | { readonly error: string } {
  const target = settings.environments.find((e) => e.name === envName);
  const promotable = settings.environments.filter((e) => e.promotesFrom !== undefined).map((e) => `\`${e.name}\``);
  const choices = promotable.length > 0 ? `environments you can promote to: ${promotable.join(", ")}` : "no environment has `promotesFrom` in .github/ferry.yml";
  if (!target) return { error: `there is no environment "${envName}"; ${choices}` };
  if (target.promotesFrom === undefined) return { error: `nothing promotes into ${envName} (it has no \`promotesFrom\`); ${choices}` };
  const source = settings.environments.find((e) => e.name === target.promotesFrom);
  if (!source) return { error: `${envName} promotes from unknown environment "${target.promotesFrom}"` };
  return { target, source };
}

/**
 * Returns the environment whose promotion or rollback branch is `branch`
 * (`ferry/promote/<env>` or `ferry/rollback/<env>`), if any: both merge the same way.
 */
export function environmentOfPromotionBranch(settings: Settings, branch: string): EnvironmentSettings | undefined {
  const match = /^ferry\/(?:promote|rollback)\/(.+)$/.exec(branch);
  return match ? settings.environments.find((e) => e.name === match[1]) : undefined;
}

/** Returns the branch Ferry points at the pinned SHA for promotions into `env`. */
export function promotionBranch(env: Pick<EnvironmentSettings, "name">): string {
  return `ferry/promote/${env.name}`;
}
