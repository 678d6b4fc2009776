/**
 * FakeRepoHost plus the DeploymentRecorder port: Deployments with their statuses,
 * commit statuses and merged PRs, in memory, for the apply-on-push workflow tests.
 */
import type { DeploymentRecorder, PullInfo } from "../../../src/workflows/ports.ts";
import { FakeRepoHost } from "./fake-repo-host.ts";

export class FakeDeploymentHost extends FakeRepoHost implements DeploymentRecorder {
  readonly deploymentLog: { id: number; environment: string; sha: string; statuses: { state: string; description: string }[] }[] = [];
  readonly commitStatuses: { sha: string; context: string; state: string; description: string }[] = [];

  async createDeployment(params: { environment: string; sha: string; description: string }) {
    const id = this.deploymentLog.length + 1;
    this.deploymentLog.push({ id, environment: params.environment, sha: params.sha, statuses: [] });
    return id;
  }
  async setDeploymentStatus(params: { deploymentId: number; state: string; description: string }) {
    const deployment = this.deploymentLog.find((d) => d.id === params.deploymentId);
    if (!deployment) throw new Error(`no deployment ${params.deploymentId}`);
    deployment.statuses.push({ state: params.state, description: params.description });
    const state = params.state === "success" ? "success" : params.state === "in_progress" ? "pending" : "failure";
    this.deployments.set(`${deployment.environment}@${deployment.sha}`, state);
  }
  async setCommitStatus(params: { sha: string; context: string; state: string; description: string }) {
    this.commitStatuses.push({ sha: params.sha, context: params.context, state: params.state, description: params.description });
  }
  async findMergedPull(params: { base: string; headSha: string }): Promise<PullInfo | undefined> {
    return this.pulls.find((p) => p.merged && p.baseRef === params.base && p.headSha === params.headSha);
  }
}
