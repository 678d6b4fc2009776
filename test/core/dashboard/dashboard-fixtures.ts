import type { DashboardInput, EnvironmentReading } from "../../../src/core/dashboard/index.ts";

export const NOW = "2026-01-10T12:00:00Z";
export const sha = (c: string) => c.repeat(40);

/** An environment reading with defaults. */
export function env(name: string, extra: Partial<EnvironmentReading> = {}): EnvironmentReading {
  return { name, branch: name, approvalsRequired: 1, clusterNames: [name], deployments: [], clusters: [{ cluster: name }], head: { sha: sha(name[0] ?? "0"), title: `head of ${name}`, author: "dana", date: "2026-01-10T11:00:00Z" }, ...extra };
}

/** A dashboard input with defaults. */
export function input(extra: Partial<DashboardInput> = {}): DashboardInput {
  return { repo: { owner: "acme", name: "config", defaultBranch: "main" }, readAt: NOW, environments: [], edges: [], pulls: [], notes: [], ...extra };
}
