/**
 * Promotion decisions: who may promote, which environments a promotion moves between,
 * the promotion PR's text, the help reply. Pure: the workflows fetch the facts (permissions,
 * commits) and act on what these functions decide.
 */
export * from "./check-promoter.ts";
export * from "./resolve-promotion.ts";
export * from "./build-promotion-pull.ts";
export * from "./render-help.ts";
