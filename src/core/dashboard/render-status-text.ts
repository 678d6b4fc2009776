import type { ClusterView, CommitView, DashboardModel } from "./dashboard-model.ts";

/**
 * Returns the dashboard model as plain text for `ferry status`: each environment in
 * tree order with its head and clusters, each edge with what waits and the command to
 * promote, then the notes (what was left out). Every state in words. Pure.
 */
export function renderStatusText(model: DashboardModel): string {
  const lines: string[] = [`${model.repo.fullName} · read ${model.readAt}`];
  if (model.error !== undefined) return `${lines[0]}\n${model.error}\n`;
  const commit = (c: CommitView | undefined) => (c ? `${c.short} ${c.title}${c.author ? ` (${c.author}${c.age ? `, ${c.age}` : ""})` : ""}` : "none");
  const cluster = (c: ClusterView) => `    cluster ${c.name}: ${c.appliedShort ? `applied ${c.appliedShort}${c.atHead === false ? " (not the branch head)" : ""}` : "no apply recorded"}${c.health.state === "none" ? "" : ` · ${c.health.words}`} · ${c.drift.words}${c.lease ? ` · ${c.lease}` : ""}${c.error ? ` · ${c.error}` : ""}`;
  for (const e of model.environments) {
    const edge = model.edges.find((x) => x.to === e.name);
    lines.push("");
    if (edge) {
      lines.push(`${"  ".repeat(Math.max(0, e.depth - 1))}${edge.from} → ${edge.to}: ${edge.state.words}`);
      for (const c of edge.commits) lines.push(`${"  ".repeat(e.depth)}  - ${commit(c)}`);
      if (edge.more > 0) lines.push(`${"  ".repeat(e.depth)}  … and ${edge.more} more`);
      if (edge.pull) lines.push(`${"  ".repeat(e.depth)}  PR #${edge.pull.number} ${edge.pull.title}: ${edge.pull.policy.words}, approvals ${edge.pull.approvals.have} of ${edge.pull.approvals.need}${edge.pull.waitingFor.length > 0 ? `; waits for ${edge.pull.waitingFor.join("; ")}` : ""}`);
      if (edge.waiting > 0) lines.push(`${"  ".repeat(e.depth)}  to promote, comment: ${edge.promoteCommand}`);
    }
    const pad = "  ".repeat(e.depth);
    lines.push(`${pad}${e.name} (branch ${e.branch}): head ${commit(e.head)}`);
    if (e.running && e.running.sha !== e.head?.sha) lines.push(`${pad}  runs ${commit(e.running)}`);
    for (const r of e.rollbacks) lines.push(`${pad}  rollback PR #${r.number} ${r.title}: ${r.policy.words}, approvals ${r.approvals.have} of ${r.approvals.need}`);
    if (e.deployments.length > 0) lines.push(`${pad}  last apply: ${e.lastApply.words}${e.lastApply.age ? `, ${e.lastApply.age}` : ""}`);
    for (const c of e.clusters) lines.push(`${pad}${cluster(c)}`);
    for (const c of e.clusters) for (const o of c.drift.objects) lines.push(`${pad}      ${o.key}: ${o.words}`);
  }
  if (model.notes.length > 0) lines.push("", ...model.notes.map((n) => `note: ${n}`));
  return `${lines.join("\n")}\n`;
}
