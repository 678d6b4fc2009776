import { html, safeUrl, type Html } from "./html.ts";
import type { ClusterView, CommitView, DashboardModel, EdgeView, EnvironmentView, PullView } from "./dashboard-model.ts";
import { plural } from "./describe-states.ts";
import { DASHBOARD_BASE, renderShell, renderState, type Viewer } from "./render-shell.ts";

/**
 * Returns the dashboard page of one repository: the environments drawn as their chain
 * or tree (one column per stage depth, the edges between them with what waits and the
 * promotion PR), then each environment's clusters, drift and last Deployments. Every
 * text from GitHub or a cluster goes through `html`, so it is escaped. Pure.
 */
export function renderDashboardPage(params: { model: DashboardModel; viewer: Viewer; refreshSeconds?: number }): Html {
  const { model } = params;
  const crumbs = html` <span aria-hidden="true">/</span> <a href="${DASHBOARD_BASE}/${model.repo.fullName}" aria-current="page">${model.repo.fullName}</a>`;
  const body = model.error !== undefined
    ? html`<section class="card" aria-labelledby="repo-title"><h1 id="repo-title">${model.repo.fullName}</h1><p class="notice" role="alert">${model.error}</p></section>`
    : html`<h1 class="repo-title">${model.repo.fullName}</h1>
<p class="muted">Read ${model.readAt.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")} · <a href="${DASHBOARD_BASE}/api/${model.repo.fullName}">JSON</a>${model.repo.url ? html` · <a href="${safeUrl(model.repo.url)}">on GitHub</a>` : ""}</p>
${model.notes.map((n) => html`<p class="notice">${n}</p>`)}
<section aria-labelledby="pipeline-title"><h2 id="pipeline-title">Environments</h2>${renderPipeline(model)}</section>
${model.environments.map(renderDetails)}`;
  return renderShell({ title: model.repo.fullName, viewer: params.viewer, body, crumbs, ...(params.refreshSeconds && { refreshSeconds: params.refreshSeconds }) });
}

// Columns by depth: stage 0, edges into stage 1, stage 1, … A tree puts its branches in
// the same column; on a phone the columns stack.
function renderPipeline(model: DashboardModel): Html {
  const depth = Math.max(0, ...model.environments.map((e) => e.depth));
  const columns: Html[] = [];
  for (let d = 0; d <= depth; d++) {
    if (d > 0) {
      const edges = model.edges.filter((e) => model.environments.find((x) => x.name === e.to)?.depth === d);
      columns.push(html`<li class="column edges"><ul>${edges.map((e) => html`<li>${renderEdge(e)}</li>`)}</ul></li>`);
    }
    columns.push(html`<li class="column stages"><ul>${model.environments.filter((e) => e.depth === d).map((e) => html`<li>${renderStage(e)}</li>`)}</ul></li>`);
  }
  return html`<ol class="pipeline" aria-label="Promotion order, first stage first">${columns}</ol>`;
}

function commitLink(c: CommitView): Html {
  return html`<a class="sha" href="${safeUrl(c.url)}"><code>${c.short}</code></a>`;
}

function renderCommit(c: CommitView | undefined, empty: string): Html {
  if (c === undefined) return html`<span class="muted">${empty}</span>`;
  return html`${commitLink(c)} <span class="title">${c.title}</span> <span class="muted">${c.author ? html`by ${c.author}` : ""}${c.age ? html`, ${c.age}` : ""}</span>`;
}

function renderStage(e: EnvironmentView): Html {
  const runsHead = e.running !== undefined && e.head !== undefined && e.running.sha === e.head.sha;
  return html`<article class="card stage" id="env-${e.name}" aria-labelledby="stage-${e.name}" data-env="${e.name}">
<h3 id="stage-${e.name}"><a href="#details-${e.name}">${e.name}</a> <span class="muted">branch ${e.branch}</span></h3>
<dl>
<dt>Runs</dt><dd class="running" data-sha="${e.running?.sha ?? ""}">${renderCommit(e.running, "no successful Deployment yet")}</dd>
${runsHead ? "" : html`<dt>Branch head</dt><dd class="head">${renderCommit(e.head, "branch missing")}</dd>`}
<dt>Last apply</dt><dd>${renderState(e.lastApply)}${e.lastApply.age ? html` <span class="muted">${e.lastApply.age}</span>` : ""}</dd>
<dt>Drift</dt><dd class="drift">${renderState(e.drift)}</dd>
</dl>
<ul class="clusters" aria-label="Clusters of ${e.name}">${e.clusters.map(renderClusterLine)}</ul>
${e.rollbacks.map((p) => renderPull(p))}
</article>`;
}

function renderClusterLine(c: ClusterView): Html {
  return html`<li data-cluster="${c.name}"><strong>${c.name}</strong>: ${c.appliedShort ? html`applied <a class="sha" href="${safeUrl(c.appliedUrl)}"><code>${c.appliedShort}</code></a>${c.atHead === false ? " (not the branch head)" : ""}` : html`<span class="muted">no apply recorded</span>`}${c.health.state === "none" ? "" : html` · ${renderState(c.health)}`}${c.lease ? html` · ${renderState({ state: "lease", words: c.lease, tone: "busy" })}` : ""}${c.error ? html` <span class="notice">${c.error}</span>` : ""}</li>`;
}

function renderEdge(e: EdgeView): Html {
  const shown = e.commits.map((c) => html`<li>${renderCommit(c, "")}</li>`);
  return html`<article class="card edge" aria-label="From ${e.from} to ${e.to}" data-from="${e.from}" data-to="${e.to}">
<h3><span>${e.from}</span> <span aria-hidden="true">→</span><span class="sr-only">to</span> <span>${e.to}</span></h3>
<p class="waiting" data-waiting="${e.waiting}">${renderState(e.state)}</p>
${shown.length > 0 ? html`<details${e.waiting <= 5 ? html` open` : ""}><summary>${plural(e.waiting, "commit")} waiting</summary><ol class="commits">${shown}</ol>${e.more > 0 ? html`<p class="muted">and ${e.more} more</p>` : ""}</details>` : ""}
${e.pull ? renderPull(e.pull) : html`<p class="muted">No promotion PR open.</p>`}
<p class="command"><code>${e.promoteCommand}</code> <button type="button" class="copy" data-copy="${e.promoteCommand}" aria-label="Copy ${e.promoteCommand}">Copy</button></p>
</article>`;
}

function renderPull(p: PullView): Html {
  return html`<div class="pull" data-pull="${p.number}">
<p><a href="${safeUrl(p.url)}">#${p.number}</a> <span class="title">${p.title}</span> <span class="muted">${p.kind} PR by ${p.author}${p.age ? html`, ${p.age}` : ""}</span></p>
<p>${p.policy.url ? html`<a href="${safeUrl(p.policy.url)}">${renderState(p.policy)}</a>` : renderState(p.policy)} · approvals ${p.approvals.have} of ${p.approvals.need}</p>
${p.waitingFor.length > 0 ? html`<p class="muted">Waits for:</p><ul class="waits">${p.waitingFor.map((w) => html`<li>${w}</li>`)}</ul>` : html`<p>${renderState({ state: "ready", words: "nothing to wait for: ready for /merge", tone: "good" })}</p>`}
</div>`;
}

function renderDetails(e: EnvironmentView): Html {
  const rows = e.deployments.map((d) => html`<tr><td><a href="${safeUrl(d.url)}"><code>${d.short}</code></a></td><td>${renderState(d.outcome)}</td><td><time datetime="${d.createdAt}">${d.age}</time></td></tr>`);
  const drifted = e.clusters.flatMap((c) => c.drift.objects.map((o) => html`<li><strong>${c.name}</strong> <code>${o.key}</code>: ${o.words}</li>`));
  return html`<section class="card details" id="details-${e.name}" aria-labelledby="details-title-${e.name}">
<h2 id="details-title-${e.name}">${e.name}</h2>
<h3>Drift</h3>
<ul class="drift-clusters">${e.clusters.map((c) => html`<li data-cluster="${c.name}"><strong>${c.name}</strong>: ${renderState(c.drift)}${c.drift.age ? html` <span class="muted">checked ${c.drift.age}</span>` : ""}</li>`)}</ul>
${drifted.length > 0 ? html`<ul class="drifted">${drifted}</ul>` : ""}
${e.clusters.some((c) => c.unhealthy.length > 0) ? html`<h3>Not healthy</h3><ul>${e.clusters.flatMap((c) => c.unhealthy.map((u) => html`<li><strong>${c.name}</strong> <code>${u}</code></li>`))}</ul>` : ""}
<h3>${e.deployments.length > 0 ? `Last ${plural(e.deployments.length, "Deployment")}, newest first` : "Deployments"}</h3>
${rows.length > 0 ? html`<div class="table-wrap"><table><caption class="sr-only">Deployments of ${e.name}, newest first</caption><thead><tr><th scope="col">SHA</th><th scope="col">Outcome</th><th scope="col">When</th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p class="muted">None yet.</p>`}
</section>`;
}
