import { AppError } from "../../errors.ts";
import type { DeploymentRecorder, PullInfo } from "../../workflows/ports.ts";
import { createOnce, NO_RETRY } from "./create-once.ts";
import { wrapGitHubError, type GitHubClient } from "./github-client.ts";

/**
 * DeploymentRecorder over GitHub's REST API: Deployments and their statuses, commit
 * statuses, and the merged PR of a commit. Translates only; errors become
 * AppError("github-failed") with GitHub's message.
 */
export class OctokitDeploymentRecorder implements DeploymentRecorder {
  constructor(private readonly client: GitHubClient) {}

  private get ids() {
    return { owner: this.client.owner, repo: this.client.repo };
  }

  async createDeployment(params: { environment: string; sha: string; description: string }): Promise<number> {
    try {
      // auto_merge off and no required contexts: Ferry deploys exactly the pushed SHA, whatever its checks.
      const { repos } = this.client.octokit.rest;
      const create = async () => {
        const { data } = await repos.createDeployment({ ...this.ids, ref: params.sha, environment: params.environment, description: params.description, auto_merge: false, required_contexts: [], transient_environment: false, ...NO_RETRY });
        if (!("id" in data)) throw new AppError("github-failed", `GitHub did not create a deployment of ${params.sha.slice(0, 7)} to ${params.environment}: ${data.message ?? "no reason given"}`);
        return data.id;
      };
      // After a lost answer, a Deployment of this SHA to this environment without any status yet is the one just made.
      const find = async () => {
        const { data } = await repos.listDeployments({ ...this.ids, sha: params.sha, environment: params.environment, per_page: 5 });
        for (const d of data) if ((await repos.listDeploymentStatuses({ ...this.ids, deployment_id: d.id, per_page: 1 })).data.length === 0) return d.id;
        return undefined;
      };
      return await createOnce(this.client, { create, find });
    } catch (error) {
      throw wrapGitHubError(error, `creating a deployment of ${params.sha.slice(0, 7)} to ${params.environment}`);
    }
  }

  async setDeploymentStatus(params: { deploymentId: number; state: "in_progress" | "success" | "failure" | "error"; description: string; logUrl?: string }): Promise<void> {
    try {
      await this.client.octokit.rest.repos.createDeploymentStatus({ ...this.ids, deployment_id: params.deploymentId, state: params.state, description: params.description, ...(params.logUrl && { log_url: params.logUrl }) });
    } catch (error) {
      throw wrapGitHubError(error, `setting deployment ${params.deploymentId} to ${params.state}`);
    }
  }

  async setCommitStatus(params: { sha: string; context: string; state: "success" | "failure" | "pending" | "error"; description: string; targetUrl?: string }): Promise<void> {
    try {
      await this.client.octokit.rest.repos.createCommitStatus({ ...this.ids, sha: params.sha, state: params.state, context: params.context, description: params.description, ...(params.targetUrl && { target_url: params.targetUrl }) });
    } catch (error) {
      throw wrapGitHubError(error, `setting ${params.context} on ${params.sha.slice(0, 7)}`);
    }
  }

  async findMergedPull(params: { base: string; headSha: string }): Promise<PullInfo | undefined> {
    try {
      const { data } = await this.client.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...this.ids, commit_sha: params.headSha, per_page: 100 });
      const pull = data.find((p) => p.merged_at && p.base.ref === params.base && p.head.sha === params.headSha);
      return pull && { number: pull.number, state: pull.state === "open" ? "open" : "closed", merged: true, headRef: pull.head.ref, headSha: pull.head.sha, baseRef: pull.base.ref, author: pull.user?.login ?? "" };
    } catch (error) {
      throw wrapGitHubError(error, `finding the PR merged as ${params.headSha.slice(0, 7)}`);
    }
  }
}
