/**
 * `npm run demo`: Ferry's main job on the example config repo, locally, with no
 * credentials and no network. Starts the GitHub test server seeded with the example
 * repository and the real Ferry app over HTTP, then does what a team does: merges a
 * release into staging, comments `/promote production`, approves, comments `/merge`,
 * and prints what people would see.
 */
import { startFerryHarness } from "../../test/support/ferry-harness.ts";

const out = (text = "") => process.stdout.write(`${text}\n`);
const rule = (title: string) => out(`\n━━ ${title} ${"━".repeat(Math.max(0, 70 - title.length))}`);
const quote = (text: string) => out(text.trimEnd().replace(/^/gm, "  │ "));

const started = performance.now();
const h = await startFerryHarness();
try {
  const gh = h.github;
  gh.setPermission({ user: "dana", permission: "maintain" });
  gh.setPermission({ user: "erin", permission: "write" });
  out(`GitHub test server: ${gh.apiUrl} (repository acme/config)`);
  out(`Ferry (Probot) webhooks: ${h.ferry.webhookUrl}`);
  out(`staging is at ${h.example.release.slice(0, 7)} (release 1.5.0), production at ${h.example.initial.slice(0, 7)}`);

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

  rule("erin approves, dana comments /merge");
  await gh.review({ pull: pull.number, as: "erin", state: "APPROVED" });
  gh.comment({ issue: pull.number, body: "/merge", as: "dana" });
  await h.settle();
  for (const c of gh.comments(pull.number).slice(-1)) quote(c.body);
  const production = await gh.branchSha("production");
  out(`\nproduction is now at ${production?.slice(0, 7)} (${production === h.example.release ? "fast-forwarded to the pinned SHA" : "NOT the pinned SHA"}); PR #${pull.number} merged: ${gh.pullRecord(pull.number).pull?.merged}`);
  out(`GitHub API requests: ${gh.requests.length}, OpenAPI violations: ${gh.violations.length}, time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (gh.violations.length > 0 || production !== h.example.release) process.exitCode = 1;
} finally {
  await h.stop();
}
