import { applicationKey, computeArgoDrift, type ObjectRef } from "../core/engine/index.ts";
import type { Clock, ClusterReader } from "./ports.ts";
import type { ClusterDrift } from "./read-drift.ts";

/**
 * Returns the drift of an environment Argo CD deploys, from the Application's own
 * comparison (`status.resources[]` OutOfSync), in Ferry's drift format: Argo CD already
 * compares the cluster with git, and a second comparison by Ferry would disagree with
 * the one its users see. A missing Application is an error value, not an exception.
 */
export async function readArgoDrift(params: { cluster: ClusterReader & { readonly name: string }; application: ObjectRef; clock: Clock }): Promise<ClusterDrift> {
  const key = applicationKey(params.application);
  const app = (await params.cluster.readObjects([key])).get(key);
  const readAt = params.clock.now().toISOString();
  if (!app) return { cluster: params.cluster.name, readAt, items: [], error: { code: "engine-failed", message: `the Argo CD Application ${params.application.namespace}/${params.application.name} does not exist in cluster ${params.cluster.name}; check apply.argocd.application` } };
  return { cluster: params.cluster.name, readAt, items: computeArgoDrift(app) };
}
