import { describe, expect, it } from "vitest";
import { renderApplyComment, renderApplyDescription, type EnvironmentOutcome } from "../../../src/core/plan/index.ts";

const SHA = "abcdef1".padEnd(40, "0");
const failed: EnvironmentOutcome = {
  environment: "production",
  sha: SHA,
  status: "failed",
  clusters: [
    {
      cluster: "prod-eu",
      status: "failed",
      code: "dry-run-failed",
      message: "server dry-run failed for 1 object(s); nothing was applied",
      findings: [{ ruleId: "prune-namespace-not-empty", severity: "warning", resourceKey: "/Namespace//legacy", message: "namespace legacy holds objects" }],
      results: [{ key: "apps/Deployment/shop/web", stage: "namespaced", action: "failed", httpStatus: 409, message: "Conflict: | <img src=x> `x`", conflicts: [{ field: ".spec.replicas", manager: "kubectl" }] }],
      health: [],
    },
  ],
};

describe("renderApplyComment", () => {
  it("names the failed object, its reason and the conflicting manager, and marks the SHA bad", () => {
    const body = renderApplyComment(failed);

    expect(body).toContain("<!-- ferry:apply env=production -->");
    expect(body).toContain(":x: Applying `abcdef1` to production failed");
    expect(body).toContain(".spec.replicas owned by kubectl");
    expect(body).toContain("`ferry/apply`");
  });

  it("escapes server text so it cannot break the table or inject HTML (evil message)", () => {
    const body = renderApplyComment(failed);

    expect(body).not.toContain("<img");
    expect(body).toContain("Conflict: \\| &lt;img src=x&gt; \\`x\\`");
  });

  it("keeps the status description within GitHub's 140 characters", () => {
    const long = { ...failed, clusters: [{ ...failed.clusters[0]!, message: "x".repeat(500) }] };

    expect(renderApplyDescription(long).length).toBeLessThanOrEqual(140);
  });
});
