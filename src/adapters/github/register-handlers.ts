import type { Context, Probot } from "probot";
import type { AppDeps } from "./app-deps.ts";
import { MemoryDeliveryClaims } from "./delivery-claims.ts";
import { DeliveryRunner } from "./run-delivery.ts";
import { handleIssueComment } from "./handle-issue-comment.ts";
import { handlePullRequest } from "./handle-pull-request.ts";
import { handlePush } from "./handle-push.ts";
import { handleApplyPush } from "./handle-apply-push.ts";
import { handlePolicyEvent, handlePolicyRerequest } from "./handle-policy-check.ts";
import { missingPayloadFields } from "./check-payload.ts";
import { NO_METRICS } from "../../workflows/metrics.ts";

/** Subscribes Ferry's handlers to the webhook events it needs (the same list as app.yml). */
export function registerHandlers(app: Probot, deps: AppDeps): void {
  // Every handler runs inside the runner: tracked so shutdown (and tests) can wait for
  // it, once per delivery GUID, counted, and logging with the delivery's fields.
  const runner = new DeliveryRunner({ inflight: deps.inflight, claims: deps.deliveryClaims ?? new MemoryDeliveryClaims(6 * 3600), metrics: deps.metrics ?? NO_METRICS });
  const on: Probot["on"] = (event, handler) =>
    app.on(event, (context) =>
      runner.run(context as unknown as Context, async () => {
        const missing = missingPayloadFields(context.name, context.payload);
        if (missing.length > 0) return context.log.warn({ event: context.name, missing }, "webhook payload lacks fields Ferry reads; delivery ignored");
        return handler(context);
      }),
    );
  on("issue_comment.created", (context) => handleIssueComment(context, deps));
  on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], (context) => handlePullRequest(context, deps));
  on("push", (context) => handlePush(context, deps));
  on("push", (context) => handleApplyPush(context, deps));
  on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request_review.submitted", "pull_request_review.dismissed"], (context) => handlePolicyEvent(context, deps));
  on("check_run.rerequested", (context) => handlePolicyRerequest(context, deps));
}
