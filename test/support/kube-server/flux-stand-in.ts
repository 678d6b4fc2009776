/**
 * A STAND-IN for Flux's source-controller and kustomize-controller, for tests, the demo
 * and the benchmark. It is not Flux: it fetches nothing and (unless given `apply`)
 * applies nothing. It plays the status behaviour Flux documents for
 * source.toolkit.fluxcd.io/v1 GitRepository and kustomize.toolkit.fluxcd.io/v1
 * Kustomization: a `reconcile.fluxcd.io/requestedAt` annotation is echoed in
 * `status.lastHandledReconcileAt`; the source's `status.artifact.revision` is
 * `<branch>@sha1:<sha>`; the Kustomization records `lastAttemptedRevision`, and on
 * success `lastAppliedRevision`, with a Ready condition (reasons Succeeded,
 * ReconciliationSucceeded, GitOperationFailed, ReconciliationFailed, HealthCheckFailed).
 * Status goes through the status subresource with the controllers' field managers.
 */
import { isObject, type Json } from "./object-fields.ts";
import type { KubeTestServer } from "./kube-test-server.ts";
import { PollingStandIn } from "./polling-stand-in.ts";
import { customObjectPath, sendMergePatch } from "./stand-in-client.ts";

/** What the stand-in does with a request. */
export type FluxBehaviour =
  /** Fetches the branch head and applies it: Ready. */
  | "success"
  /** The source cannot fetch (Ready=False, GitOperationFailed). */
  | "fetch-fails"
  /** The Kustomization's apply is refused (Ready=False, ReconciliationFailed). */
  | "apply-fails"
  /** The source keeps serving its old revision: the pushed SHA never arrives. */
  | "never-arrives"
  /** Applied, but the health checks fail (Ready=False, HealthCheckFailed). */
  | "degraded"
  /** The controllers are not running: nothing ever answers. */
  | "stopped";

const REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";
const OLD_SHA = "0".repeat(40);

/** Options of {@link FluxStandIn.start}. */
export interface FluxStandInOptions {
  readonly server: KubeTestServer;
  /** Returns the SHA a GitRepository's branch points at (the "remote"). */
  readonly revisionOf: (branch: string, spec: Json) => Promise<string | undefined> | string | undefined;
  readonly behaviour?: FluxBehaviour;
  /** How often the stand-in looks for work (ms, default 10). */
  readonly pollMs?: number;
  /** Runs when a Kustomization applies a revision (e.g. a server-side apply as kustomize-controller). */
  readonly apply?: (params: { sha: string; kustomization: Json }) => Promise<void>;
}

/** A running Flux stand-in; `behaviour` may change between requests. */
export class FluxStandIn extends PollingStandIn<FluxBehaviour> {
  private constructor(private readonly options: FluxStandInOptions) {
    super(options.behaviour ?? "success", options.pollMs);
  }

  /** Starts watching the server's GitRepositories and Kustomizations. */
  static start(options: FluxStandInOptions): FluxStandIn {
    return new FluxStandIn(options);
  }

  protected tick(): void {
    const { server } = this.options;
    for (const repo of server.listObjects({ apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository" })) this.once(repo, () => this.reconcileSource(repo));
    for (const ks of server.listObjects({ apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization" })) this.once(ks, () => this.reconcileKustomization(ks));
  }

  // A suspended object is left alone, as Flux does.
  private once(o: Json, run: () => Promise<void> | undefined): void {
    const meta = o.metadata as Json;
    if (!(isObject(o.spec) && o.spec.suspend === true)) this.reconcileOnce(`${String(o.kind)}/${String(meta.namespace)}/${String(meta.name)}`, run);
  }

  // source-controller: reconciles on a new request, a new generation, or before its first artifact.
  private reconcileSource(repo: Json): Promise<void> | undefined {
    const meta = repo.metadata as Json;
    const status = isObject(repo.status) ? repo.status : {};
    const requested = requestOf(repo);
    if (status.observedGeneration === meta.generation && status.lastHandledReconcileAt === requested && isObject(status.artifact)) return undefined;
    if (status.observedGeneration === meta.generation && status.lastHandledReconcileAt === requested && this.behaviour === "fetch-fails") return undefined;
    return (async () => {
      const spec = isObject(repo.spec) ? repo.spec : {};
      const branch = String((isObject(spec.ref) ? spec.ref.branch : undefined) ?? "main");
      const old = isObject(status.artifact) ? String(status.artifact.revision) : `${branch}@sha1:${OLD_SHA}`;
      const base = { observedGeneration: meta.generation, ...(requested !== undefined && { lastHandledReconcileAt: requested }) };
      if (this.behaviour === "fetch-fails") {
        return this.writeStatus(repo, "gitrepositories", "source-controller", { ...status, ...base, conditions: [condition("Ready", "False", "GitOperationFailed", `failed to checkout and determine revision: unable to clone '${String(spec.url)}': authentication required`, meta.generation)] });
      }
      const sha = this.behaviour === "never-arrives" ? undefined : await this.options.revisionOf(branch, spec);
      const revision = sha ? `${branch}@sha1:${sha}` : old;
      const artifact = { revision, digest: `sha256:${(sha ?? OLD_SHA).padEnd(64, "0")}`, path: `gitrepository/${String(meta.namespace)}/${String(meta.name)}/${sha ?? OLD_SHA}.tar.gz`, url: `http://source-controller.flux-system.svc.cluster.local./gitrepository/${String(meta.namespace)}/${String(meta.name)}/${sha ?? OLD_SHA}.tar.gz`, lastUpdateTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") };
      return this.writeStatus(repo, "gitrepositories", "source-controller", { ...status, ...base, artifact, conditions: [condition("Ready", "True", "Succeeded", `stored artifact for revision '${revision}'`, meta.generation), condition("ArtifactInStorage", "True", "Succeeded", `stored artifact for revision '${revision}'`, meta.generation)] });
    })();
  }

  // kustomize-controller: reconciles on a new request, a new generation, or a new source artifact.
  private reconcileKustomization(ks: Json): Promise<void> | undefined {
    const meta = ks.metadata as Json;
    const spec = isObject(ks.spec) ? ks.spec : {};
    const status = isObject(ks.status) ? ks.status : {};
    const ref = isObject(spec.sourceRef) ? spec.sourceRef : {};
    const source = this.options.server.getObject({ apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", namespace: String(ref.namespace ?? meta.namespace), name: String(ref.name) });
    const artifact = isObject(source?.status) && isObject(source.status.artifact) ? source.status.artifact : undefined;
    if (!artifact) return undefined;
    const revision = String(artifact.revision);
    const requested = requestOf(ks);
    if (status.observedGeneration === meta.generation && status.lastHandledReconcileAt === requested && status.lastAttemptedRevision === revision) return undefined;
    return (async () => {
      const base = { ...status, observedGeneration: meta.generation, lastAttemptedRevision: revision, ...(requested !== undefined && { lastHandledReconcileAt: requested }) };
      const ready = (s: string, reason: string, message: string) => [condition("Ready", s, reason, message, meta.generation)];
      if (this.behaviour === "apply-fails") return this.writeStatus(ks, "kustomizations", "kustomize-controller", { ...base, conditions: ready("False", "ReconciliationFailed", `Deployment/shop/web dry-run failed: Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1`) });
      if (this.behaviour === "degraded") return this.writeStatus(ks, "kustomizations", "kustomize-controller", { ...base, conditions: ready("False", "HealthCheckFailed", "health check failed after 30s: timeout waiting for: [Deployment/shop/web status: 'InProgress']") });
      await this.options.apply?.({ sha: revision.slice(revision.lastIndexOf(":") + 1), kustomization: ks });
      return this.writeStatus(ks, "kustomizations", "kustomize-controller", { ...base, lastAppliedRevision: revision, conditions: ready("True", "ReconciliationSucceeded", `Applied revision: ${revision}`) });
    })();
  }

  private async writeStatus(o: Json, plural: string, manager: string, status: Json): Promise<void> {
    const meta = o.metadata as Json;
    await sendMergePatch(this.options.server, { path: customObjectPath({ apiVersion: String(o.apiVersion), plural, namespace: String(meta.namespace), name: String(meta.name), subresource: "status" }), patch: { status }, manager });
  }
}

function requestOf(o: Json): string | undefined {
  const annotations = (o.metadata as Json).annotations;
  const value = isObject(annotations) ? annotations[REQUESTED_AT] : undefined;
  return typeof value === "string" ? value : undefined;
}

function condition(type: string, status: string, reason: string, message: string, observedGeneration: unknown): Json {
  return { type, status, reason, message, observedGeneration, lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") };
}
