/**
 * `ferry status [--kubeconfig FILE [--context NAME]] [--config FILE] [--repo DIR] [--json]`:
 * the dashboard for a local checkout. Environments from the settings, branch heads and
 * waiting commits from git, and with a kubeconfig, per cluster what was applied, its
 * health, the apply Lease holder and drift. GitHub-only parts (Deployments, promotion
 * PRs and their `ferry/policy` state) are omitted, and the output says so. Every cluster
 * is read through the one kubeconfig (its current context, or --context).
 * Exit code 0; 2 on an error.
 */
import { resolve } from "node:path";
import { KubeClusterClient } from "../../adapters/cluster/kube-cluster-client.ts";
import { clusterOptions, loadEndpoint } from "../../adapters/cluster/load-clusters.ts";
import { runGit } from "../../adapters/git/index.ts";
import { buildDashboardModel, renderStatusText, type ClusterReading, type CommitReading, type DashboardInput, type EdgeReading } from "../../core/dashboard/index.ts";
import type { Settings } from "../../config/index.ts";
import { readClusterStates } from "../../workflows/read-cluster-states.ts";
import { readDefaultBranchSettings } from "../../workflows/read-default-branch-settings.ts";
import type { CommitTree } from "../../workflows/ports.ts";
import type { CliIo } from "../cli-io.ts";
import { gitTreeSource } from "../git-tree-source.ts";
import { parseCliOptions } from "../parse-cli-options.ts";
import { readSettingsFile } from "../read-settings-file.ts";

/** The usage line of `ferry status`. */
export const STATUS_USAGE = "status [--kubeconfig FILE [--context NAME]] [--config FILE] [--repo DIR] [--json]";

const GITHUB_ONLY = "GitHub-only parts omitted: Deployments, promotion and rollback PRs and their ferry/policy state (see the /dashboard page)";
const SEP = "\u001f";

/** Runs `ferry status`; returns 0, or throws AppError (exit 2). */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseCliOptions(args, { strings: ["kubeconfig", "context", "config", "repo"], booleans: ["json"], usage: STATUS_USAGE });
  const repoDir = resolve(io.cwd, options.repo ?? ".");
  const trees = gitTreeSource(repoDir);
  const settings = await readDefaultBranchSettings({ trees, ...(options.config !== undefined && { settingsText: await readSettingsFile(resolve(io.cwd, options.config)) }) });
  const clock = { now: () => new Date() };

  // 1. Git: each environment's branch head, and one log per edge.
  const heads = new Map<string, CommitReading>();
  for (const env of settings.environments) {
    const head = await readHead(repoDir, env.branch);
    if (head) heads.set(env.name, head);
  }
  const edges: EdgeReading[] = [];
  for (const env of settings.environments) if (env.promotesFrom !== undefined) edges.push(await readEdge(repoDir, settings, env.promotesFrom, env.name));

  // 2. The clusters, through the kubeconfig, when one is given.
  const clients: KubeClusterClient[] = [];
  // Each head tree holds a git process; one left open keeps `ferry status` from exiting.
  const opened: CommitTree[] = [];
  const openTree = async (sha: string) => {
    const tree = await trees.openTree(sha);
    opened.push(tree);
    return tree;
  };
  const connect = async (name: string) => {
    const client = new KubeClusterClient(await loadEndpoint(name, { kubeconfig: resolve(io.cwd, options.kubeconfig ?? ""), ...(options.context ? { context: options.context } : {}) }), clusterOptions(settings.cluster));
    clients.push(client);
    return client;
  };
  try {
    const environments = await Promise.all(
      settings.environments.map(async (env) => {
        const head = heads.get(env.name);
        const clusters: ClusterReading[] = options.kubeconfig
          ? await readClusterStates({ environment: env, ...(head && { head: { sha: head.sha, tree: () => openTree(head.sha) } }), ignore: settings.drift.ignore, connect, clock })
          : env.clusters.map((cluster) => ({ cluster, error: "not read: pass --kubeconfig" }));
        return { name: env.name, branch: env.branch, approvalsRequired: env.merge.approvals, clusterNames: env.clusters, ...(env.promotesFrom !== undefined && { promotesFrom: env.promotesFrom }), ...(head && { head }), deployments: [], clusters };
      }),
    );
    const input: DashboardInput = { repo: { owner: "local", name: repoDir.split("/").pop() ?? "repo", defaultBranch: await trees.defaultBranch() }, readAt: clock.now().toISOString(), environments, edges, pulls: [], notes: [GITHUB_ONLY] };
    const model = buildDashboardModel(input);
    io.stdout(options.json ? `${JSON.stringify(model, null, 2)}\n` : renderStatusText(model));
    return 0;
  } finally {
    for (const client of clients) client.close();
    for (const tree of opened) tree.close?.();
  }
}

// The local branch, else the remote-tracking one (a fresh clone has only origin/*).
async function readHead(repoDir: string, branch: string): Promise<CommitReading | undefined> {
  for (const ref of [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`]) {
    try {
      const [line] = await log(repoDir, ["-1", ref]);
      if (line) return line;
    } catch {
      // not this ref; try the next
    }
  }
  return undefined;
}

async function readEdge(repoDir: string, settings: Settings, from: string, to: string): Promise<EdgeReading> {
  const branch = (name: string) => settings.environments.find((e) => e.name === name)?.branch ?? name;
  const [source, target] = [await readHead(repoDir, branch(from)), await readHead(repoDir, branch(to))];
  if (!source || !target) return { from, to, error: `branch ${!source ? branch(from) : branch(to)} is missing here; fetch it` };
  const [behind = 0, ahead = 0] = (await runGit(repoDir, ["rev-list", "--left-right", "--count", `${target.sha}...${source.sha}`])).trim().split(/\s+/).map(Number);
  const commits = (await log(repoDir, ["-n", "250", "--reverse", `${target.sha}..${source.sha}`]));
  const status = ahead === 0 && behind === 0 ? "identical" : behind === 0 ? "ahead" : ahead === 0 ? "behind" : "diverged";
  return { from, to, comparison: { status, aheadBy: ahead, behindBy: behind, commits } };
}

async function log(repoDir: string, args: readonly string[]): Promise<CommitReading[]> {
  const out = await runGit(repoDir, ["log", `--format=%H${SEP}%s${SEP}%an${SEP}%cI`, ...args]);
  return out.split("\n").filter(Boolean).map((l) => {
    const [sha = "", title = "", author = "", date = ""] = l.split(SEP);
    return { sha, title, author, date };
  });
}
