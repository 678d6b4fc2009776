/**
 * Rollback decisions: which earlier good SHA an environment goes back to. Pure: the
 * workflow reads the deployment history from GitHub and makes the commit.
 */
export * from "./choose-rollback-target.ts";
