/**
 * A STAND-IN for Argo CD's application controller, for tests, the demo and the
 * benchmark. It is not Argo CD: it renders and (unless given `apply`) applies nothing.
 * It plays the status behaviour Argo CD documents for argoproj.io/v1alpha1 Application:
 * an `operation` (set by the API server for a sync) is run and cleared, its result
 * lands in `status.operationState` (phase, message, syncResult.revision); then
 * `status.sync` (status, revision) and `status.health` say where the Application is.
 * An `argocd.argoproj.io/refresh` annotation makes it compare with git again and, under
 * automated sync, sync a new revision by itself (initiatedBy.automated). The Application
 * CRD has no status subresource, so status is written with the object, as Argo CD does.
 */
import { isObject, type Json } from "./object-fields.ts";
import type { KubeTestServer } from "./kube-test-server.ts";
import { PollingStandIn } from "./polling-stand-in.ts";
import { customObjectPath, sendMergePatch } from "./stand-in-client.ts";

/** What the stand-in does with a sync. */
export type ArgoBehaviour =
  /** Syncs and the application is Healthy. */
  | "success"
  /** The sync fails (phase Failed with the operation's message). */
  | "sync-fails"
  /** The repo server keeps resolving an old revision: the SHA never arrives. */
  | "never-arrives"
  /** Syncs, but the application's health is Degraded. */
  | "degraded"
  /** The controller is not running: nothing ever answers. */
  | "stopped";

const REFRESH = "argocd.argoproj.io/refresh";
const MANAGER = "argocd-application-controller";

/** Options of {@link ArgoStandIn.start}. */
export interface ArgoStandInOptions {
  readonly server: KubeTestServer;
  /** Returns the SHA a branch points at (what the repo server resolves `targetRevision` to). */
  readonly revisionOf: (branch: string) => Promise<string | undefined> | string | undefined;
  readonly behaviour?: ArgoBehaviour;
  /** How often the stand-in looks for work (ms, default 10). */
  readonly pollMs?: number;
  /** Runs when a sync applies a revision. */
  readonly apply?: (params: { sha: string; application: Json }) => Promise<void>;
}

/** A running Argo CD stand-in; `behaviour` may change between syncs. */
export class ArgoStandIn extends PollingStandIn<ArgoBehaviour> {
  private constructor(private readonly options: ArgoStandInOptions) {
    super(options.behaviour ?? "success", options.pollMs);
  }

  /** Starts watching the server's Applications. */
  static start(options: ArgoStandInOptions): ArgoStandIn {
    return new ArgoStandIn(options);
  }

  /** Writes `status.resources` of an Application (what its comparison with git found), and the sync status it implies. */
  async setResources(params: { namespace: string; name: string; resources: Json[] }): Promise<void> {
    const outOfSync = params.resources.some((r) => r.status === "OutOfSync");
    const app = this.options.server.getObject({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", namespace: params.namespace, name: params.name });
    const sync = isObject(app?.status) && isObject(app.status.sync) ? app.status.sync : {};
    await this.write({ metadata: { namespace: params.namespace, name: params.name } }, { status: { resources: params.resources, sync: { ...sync, status: outOfSync ? "OutOfSync" : "Synced" } } });
  }

  protected tick(): void {
    for (const app of this.options.server.listObjects({ apiVersion: "argoproj.io/v1alpha1", kind: "Application" })) {
      const meta = app.metadata as Json;
      const refresh = isObject(meta.annotations) && meta.annotations[REFRESH] !== undefined;
      if (isObject(app.operation) || refresh) this.reconcileOnce(`${String(meta.namespace)}/${String(meta.name)}`, () => this.reconcile(app));
    }
  }

  private async reconcile(app: Json): Promise<void> {
    const spec = isObject(app.spec) ? app.spec : {};
    const status = isObject(app.status) ? app.status : {};
    const source = isObject(spec.source) ? spec.source : {};
    const branch = String(source.targetRevision ?? "HEAD").replace(/^refs\/heads\//, "");
    const previous = isObject(status.sync) && typeof status.sync.revision === "string" ? status.sync.revision : "0".repeat(40);
    const resolved = this.behaviour === "never-arrives" ? previous : ((await this.options.revisionOf(branch)) ?? previous);
    let operation = isObject(app.operation) ? app.operation : undefined;
    // A refresh under automated sync starts a sync of the new revision by itself.
    const automated = isObject(spec.syncPolicy) && isObject(spec.syncPolicy.automated);
    if (!operation && automated && resolved !== previous) operation = { initiatedBy: { automated: true }, sync: { revision: resolved } };
    const clearRefresh = { metadata: { annotations: { [REFRESH]: null } } };
    if (!operation) return this.write(app, { ...clearRefresh, status: { ...status, sync: { status: "Synced", revision: resolved } } });

    const sync = isObject(operation.sync) ? operation.sync : {};
    const revision = this.behaviour === "never-arrives" ? previous : String(sync.revision ?? resolved);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const state = (phase: string, message: string) => ({ operation, phase, message, startedAt: now, finishedAt: now, syncResult: { revision, source } });
    let next: Json;
    if (this.behaviour === "sync-fails") {
      next = { ...status, operationState: state("Failed", `one or more objects failed to apply, reason: Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value`), sync: { status: "OutOfSync", revision } };
    } else {
      await this.options.apply?.({ sha: revision, application: app });
      const health = this.behaviour === "degraded" ? { status: "Degraded", message: `Deployment "web" exceeded its progress deadline` } : { status: "Healthy" };
      next = { ...status, operationState: state("Succeeded", "successfully synced (all tasks run)"), sync: { status: "Synced", revision }, health };
    }
    return this.write(app, { ...clearRefresh, operation: null, status: next });
  }

  private async write(app: Json, patch: Json): Promise<void> {
    const meta = app.metadata as Json;
    await sendMergePatch(this.options.server, { path: customObjectPath({ apiVersion: "argoproj.io/v1alpha1", plural: "applications", namespace: String(meta.namespace), name: String(meta.name) }), patch, manager: MANAGER });
  }
}
