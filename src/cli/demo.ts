/**
 * `npm run demo`: Ferry's main job on the example config repo, locally, with no
 * credentials and no network. Starts the GitHub test server seeded with the example
 * repository, a Kubernetes test API server standing in for the production cluster, and
 * the real Ferry app over HTTP, then does what a team does: deploys what production
 * runs today (`ferry apply`), comments `/promote production`, approves, comments
 * `/merge`, and prints what people would see, ending with the cluster's change and the
 * dashboard's URL. `npm run demo -- --keep` keeps every server running until Ctrl-C, so a
 * person can open the dashboard and sign in (the GitHub test server signs them in as dana).
 */
import { parseArgs } from "node:util";
import { startFerryHarness } from "../../test/support/ferry-harness.ts";
import { startFluxDemo } from "./demo-flux.ts";
import { main } from "./main.ts";

// `--engine flux`: production is deployed by Flux (a stand-in controller), Ferry asks it.
const engine = parseArgs({ options: { engine: { type: "string", default: "ferry" } }, strict: false }).values.engine;
if (engine !== "ferry" && engine !== "flux") throw new Error(`--engine must be ferry or flux, not ${String(engine)}`);

const out = (text = "") => process.stdout.write(`${text}\n`);
const rule = (title: string) => out(`\n━━ ${title} ${"━".repeat(Math.max(0, 70 - title.length))}`);
const quote = (text: string) => out(text.trimEnd().replace(/^/gm, "  │ "));

const keep = process.argv.slice(2).includes("--keep");
const started = performance.now();
const h = await startFerryHarness({ cluster: true });
let fluxDemo: Awaited<ReturnType<typeof startFluxDemo>> | undefined;
try {
  const gh = h.github;
  const cluster = h.cluster!;
  const images = async () => {
    const list = JSON.parse(await cluster.kubectl("get", "deployments", "-n", "shop-production", "-o", "json")) as { items: { metadata: { name: string }; spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }[] };
    return list.items.map((d) => `${d.metadata.name}: ${d.spec.template.spec.containers.map((c) => c.image).join(", ")} ×${d.spec.replicas}`).join("; ");
  };
  gh.setPermission({ user: "dana", permission: "maintain" });
  gh.setPermission({ user: "erin", permission: "write" });
  out(`GitHub test server: ${gh.apiUrl} (repository acme/config)`);
  out(`Ferry (Probot) webhooks: ${h.ferry.webhookUrl}`);
  out(`staging is at ${h.example.release.slice(0, 7)} (release 1.5.0), production at ${h.example.initial.slice(0, 7)}`);

  fluxDemo = engine === "flux" ? await startFluxDemo(h) : undefined;
  if (fluxDemo) {
    rule("production runs 1.4.2 today, deployed by Flux (apply.engine: flux)");
    while (!/Ready=True/.test(fluxDemo.describe())) await new Promise((done) => setTimeout(done, 100));
    out(`  ${fluxDemo.describe()}`);
  } else {
    rule("production runs 1.4.2 today: ferry apply --env production --ref production");
    const io = { cwd: h.example.dir, env: process.env, stdout: (t: string) => quote(t), stderr: (t: string) => quote(t) };
    const code = await main(["apply", "--env", "production", "--ref", "production", "--kubeconfig", cluster.kubeconfig, "--repo", h.example.dir], io);
    if (code !== 0) throw new Error(`ferry apply exited ${code}`);
  }
  out(`  cluster: ${await images()}`);

  rule("dana comments on the release issue");
  const issue = await gh.openPullRequest({ head: "staging", base: "main", title: "Release shop 1.5.0", as: "dana" });
  const command = gh.comment({ issue, body: "Staging looks good.\n/promote production", as: "dana" });
  quote(command.body);
  await h.settle();
  rule("Ferry replies");
  for (const c of gh.comments(issue).slice(1)) quote(c.body);
  out(`  reactions on dana's comment: ${gh.reactions(command.id).map((r) => r.content).join(", ")}`);

  const pull = gh.pulls().find((p) => p.pull?.headRef === "ferry/promote/production");
  if (!pull) throw new Error("Ferry did not open the promotion PR");
  rule(`promotion PR #${pull.number}: ${pull.title}`);
  quote(pull.body ?? "");
  rule(`the report on #${pull.number}`);
  for (const c of gh.comments(pull.number)) quote(c.body);

  const policy = gh.checkRuns().filter((r) => r.name === "ferry/policy").at(-1);
  if (policy) {
    rule(`check ferry/policy on #${pull.number}: ${policy.conclusion ?? policy.status}`);
    quote(policy.output?.summary ?? "");
  }

  rule("erin approves, dana comments /merge");
  await gh.review({ pull: pull.number, as: "erin", state: "APPROVED" });
  gh.comment({ issue: pull.number, body: "/merge", as: "dana" });
  await h.settle();
  for (const c of gh.comments(pull.number).filter((c) => !c.body.startsWith("<!-- ferry:report") && !c.body.startsWith("<!-- ferry:drift")).slice(-3)) quote(c.body);
  const production = await gh.branchSha("production");
  rule(fluxDemo ? "the production cluster after Flux applied the merge" : "the production cluster after the apply");
  if (fluxDemo) out(`  ${fluxDemo.describe()}`);
  out(`  cluster: ${await images()}`);
  for (const d of gh.deployments().filter((d) => d.environment === "production")) out(`  GitHub Deployment ${d.sha.slice(0, 7)} → ${d.environment}: ${d.statuses.map((s) => s.state).join(" → ")}`);
  out(`\nproduction is now at ${production?.slice(0, 7)} (${production === h.example.release ? "fast-forwarded to the pinned SHA" : "NOT the pinned SHA"}); PR #${pull.number} merged: ${gh.pullRecord(pull.number).pull?.merged}`);
  out(`GitHub API requests: ${gh.requests.length}, OpenAPI violations: ${gh.violations.length}, time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (gh.violations.length > 0 || production !== h.example.release) process.exitCode = 1;
  gh.signInAs("dana");
  out(`\nDashboard: ${h.ferry.dashboardUrl}/acme/config (sign-in goes through the GitHub test server, which approves as dana)`);
  if (keep) {
    out("Every server keeps running (--keep); press Ctrl-C to stop.");
    await new Promise<void>((done) => process.once("SIGINT", () => done()));
  }
} finally {
  fluxDemo?.flux.stop();
  await h.stop();
}
