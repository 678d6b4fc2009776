/**
 * The PR as GitHub describes it now, read once per webhook delivery: the report and the
 * policy handlers of one pull_request event share the read (one request, not two), and a
 * later delivery reads it again. Webhook payloads describe the PR as it was when the event
 * was sent, which may be long ago.
 */
import type { PullInfo, RepoHost } from "../../workflows/ports.ts";
import type { AppDeps } from "./app-deps.ts";

/** `delivery` is the webhook's delivery id (Probot's `context.id`); `repo` is `owner/name`. */
export function readCurrentPull(params: { delivery: string; deps: Pick<AppDeps, "blobCache">; host: Pick<RepoHost, "getPull">; repo: string; number: number }): Promise<PullInfo> {
  return params.deps.blobCache.memo(`current-pull:${params.repo}#${params.number}@${params.delivery}`, () => params.host.getPull(params.number));
}
