/**
 * The steps end-to-end tests repeat on the GitHub test server: promote, approve and
 * `/merge` into production, and read what Ferry replied.
 */
import { startFerryHarness, type FerryHarness } from "./ferry-harness.ts";

/** Starts the harness with a cluster, where dana (maintain) promotes and merges and erin (write) approves. */
export async function startPromotionHarness(): Promise<FerryHarness> {
  const h = await startFerryHarness({ cluster: true });
  h.github.setPermission({ user: "dana", permission: "maintain" });
  h.github.setPermission({ user: "erin", permission: "write" });
  return h;
}

/** Comments `/promote production` on `issue`, approves the promotion PR and comments `/merge`; returns the PR's number. */
export async function promoteAndMerge(h: FerryHarness, params: { repo: string; issue: number; promoter?: string; approver?: string }): Promise<number> {
  const { repo } = params;
  const promoter = params.promoter ?? "dana";
  h.github.comment({ repo, issue: params.issue, body: "/promote production", as: promoter });
  await h.settle();
  const pull = h.github.pulls(repo).filter((p) => p.pull?.headRef === "ferry/promote/production" && p.state === "open").at(-1);
  if (!pull) throw new Error("Ferry opened no promotion PR into production");
  await h.github.review({ repo, pull: pull.number, as: params.approver ?? "erin", state: "APPROVED" });
  h.github.comment({ repo, issue: pull.number, body: "/merge", as: promoter });
  await h.settle();
  return pull.number;
}

/** Returns the bodies of Ferry's comments on an issue or PR, oldest first. */
export function ferryReplies(h: FerryHarness, repo: string, issue: number): string[] {
  return h.github.comments(issue, repo).filter((c) => c.user.login === "ferry[bot]").map((c) => c.body);
}

/** Returns `[sha, latest state]` of each production Deployment, oldest first. */
export function productionDeployments(h: FerryHarness, repo: string): (string | undefined)[][] {
  return h.github.deployments(repo).filter((d) => d.environment === "production").map((d) => [d.sha, d.statuses.at(-1)?.state]);
}

/** Commits to main a settings file whose production environment gets `apply` (flow YAML), and waits for Ferry. */
export async function setProductionApply(h: FerryHarness, params: { repo?: string; apply: string; message: string }): Promise<void> {
  const settings = (await h.github.readFile("main", ".github/ferry.yml", params.repo))?.replace("    merge: { approvals: 1 }", `    merge: { approvals: 1 }\n    apply: ${params.apply}`);
  if (!settings) throw new Error("the repository has no .github/ferry.yml on main");
  await h.github.commit({ ...(params.repo && { repo: params.repo }), branch: "main", files: { ".github/ferry.yml": settings }, message: params.message, as: "dana" });
  await h.settle();
}
