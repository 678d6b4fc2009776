import { describe, expect, it } from "vitest";
import type { EnvironmentOutcome } from "../../src/core/plan/index.ts";
import { applyOnPush } from "../../src/workflows/apply-on-push.ts";
import { FakeDeploymentHost } from "../support/fakes/fake-deployment-host.ts";

const SHA = "beef".padEnd(40, "1");
const outcome = (status: EnvironmentOutcome["status"]): EnvironmentOutcome => ({
  environment: "production",
  sha: SHA,
  status,
  clusters: [{ cluster: "prod-eu", status, code: status === "failed" ? "dry-run-failed" : undefined, message: status === "failed" ? "server dry-run failed for 1 object(s); nothing was applied" : "applied 3 object(s)", findings: [], results: [], health: [] }],
});

function setUp() {
  const host = new FakeDeploymentHost();
  host.pulls.push({ number: 7, state: "closed", merged: true, headRef: "ferry/promote/production", headSha: SHA, baseRef: "production", author: "dana" });
  return host;
}

describe("applyOnPush", () => {
  it.each([
    { name: "a successful apply ends the Deployment in success", status: "applied" as const, final: "success", commit: "success" },
    { name: "a failed apply ends the Deployment in failure and marks the SHA with ferry/apply", status: "failed" as const, final: "failure", commit: "failure" },
    { name: "a superseded apply ends the Deployment in error without a ferry/apply mark", status: "superseded" as const, final: "error", commit: undefined },
  ])("$name", async ({ status, final, commit }) => {
    const host = setUp();

    await applyOnPush({ comments: host, recorder: host, environment: { name: "production", branch: "production" }, sha: SHA, apply: async () => outcome(status) });

    expect(host.deploymentLog).toEqual([{ id: 1, environment: "production", sha: SHA, statuses: [expect.objectContaining({ state: "in_progress" }), expect.objectContaining({ state: final })] }]);
    expect(host.commitStatuses.map((s) => s.state)).toEqual(commit ? [commit] : []);
    expect(host.comments).toEqual([{ issueNumber: 7, body: expect.stringContaining("<!-- ferry:apply env=production -->") }]);
  });

  it("updates its comment in place when the same SHA is applied again", async () => {
    const host = setUp();
    const params = { comments: host, recorder: host, environment: { name: "production", branch: "production" }, sha: SHA, apply: async () => outcome("applied") };

    await applyOnPush(params);
    await applyOnPush(params);

    expect(host.comments).toHaveLength(1);
  });
});
