/**
 * A stateful Kubernetes API server for tests, the demo and benchmarks: speaks
 * enough of the wire protocol for kubectl and Ferry's cluster adapter
 * (discovery, CRUD, server-side apply with managed fields and conflicts,
 * patches, defaults, validation, watches, simulated rollouts and CRDs).
 *
 * @example
 * const server = await KubeTestServer.start();
 * await server.writeKubeconfig("/tmp/kubeconfig");
 * // kubectl --kubeconfig /tmp/kubeconfig apply --server-side -f app.yaml
 * server.setRolloutDelay(200);
 * await server.stop();
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { stringify } from "yaml";
import { ClusterState } from "./cluster-state.ts";
import type { Json } from "./object-fields.ts";
import { storageKey } from "./object-store.ts";
import type { KubeFault } from "./faults.ts";
import { createRouter, type RequestLogEntry } from "./router.ts";

const TLS_FILE = (name: string): URL => new URL(`../../../fixtures/kube/tls/${name}`, import.meta.url);

/** Options for {@link KubeTestServer.start}. */
export interface KubeTestServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Bearer token clients must send; random when omitted. */
  token?: string;
  /**
   * Serve HTTPS with the test CA in fixtures/kube/tls (default true). kubectl and
   * client-go send bearer tokens only over TLS; with `tls: false` the server
   * speaks plain HTTP and does not check the token.
   */
  tls?: boolean;
  /** Delay before workloads report ready (ms); 0 (default) makes them ready in the same write. */
  rolloutDelayMs?: number;
  /** Delay before a CRD becomes Established (ms); 0 (default) establishes it in the same write. */
  crdEstablishDelayMs?: number;
  /** Delay before each request is handled (ms, default 0); requests wait concurrently, like network latency. */
  latencyMs?: number;
}

/** A running test API server and its control API. */
export class KubeTestServer {
  /** Every request received, in order. */
  readonly requestLog: RequestLogEntry[] = [];
  private readonly faults: KubeFault[] = [];
  private latencyMs = 0;
  private readonly state = new ClusterState();
  private readonly watches = new Set<() => void>();
  private constructor(
    private readonly server: Server,
    readonly token: string,
    private readonly tls: boolean,
  ) {}

  /** Starts a server and returns it once it listens. */
  static async start(options: KubeTestServerOptions = {}): Promise<KubeTestServer> {
    const token = options.token ?? randomBytes(16).toString("hex");
    const tls = options.tls ?? true;
    const server = tls ? createHttpsServer({ cert: readFileSync(TLS_FILE("server.crt")), key: readFileSync(TLS_FILE("server.key")) }) : createHttpServer();
    const instance = new KubeTestServer(server, token, tls);
    instance.state.settings.rolloutDelayMs = options.rolloutDelayMs ?? 0;
    instance.state.settings.crdEstablishDelayMs = options.crdEstablishDelayMs ?? 0;
    instance.latencyMs = options.latencyMs ?? 0;
    server.on("request", createRouter({ state: instance.state, token: tls ? token : undefined, serverAddress: () => instance.url.replace(/^https?:\/\//, ""), log: instance.requestLog, watches: instance.watches, faults: instance.faults, latencyMs: () => instance.latencyMs }));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    instance.seed();
    return instance;
  }

  /** Creates what every cluster has: the default, kube-system and kube-public namespaces. */
  private seed(): void {
    const namespaces = this.state.registry.byPlural("", "v1", "namespaces");
    if (!namespaces) return;
    for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      this.state.commit({ resource: namespaces, namespace: "", before: undefined, after: { metadata: { name } }, dryRun: false, managers: () => [] });
    }
  }

  /** Returns the base URL, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `${this.tls ? "https" : "http"}://127.0.0.1:${address.port}`;
  }

  /** Returns a kubeconfig (YAML) for this server with one context, `test` unless named. */
  kubeconfigYaml(context = "test"): string {
    return stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: context, cluster: { server: this.url, ...(this.tls ? { "certificate-authority-data": this.caCertificate().toString("base64") } : {}) } }],
      users: [{ name: context, user: { token: this.token } }],
      contexts: [{ name: context, context: { cluster: context, user: context, namespace: "default" } }],
      "current-context": context,
      preferences: {},
    });
  }

  /** Returns the PEM of the CA that signed the server certificate (trust it to verify the server). */
  caCertificate(): Buffer {
    return readFileSync(TLS_FILE("ca.crt"));
  }

  /** Writes the kubeconfig to `file`. */
  async writeKubeconfig(file: string, context = "test"): Promise<void> {
    await writeFile(file, this.kubeconfigYaml(context), { mode: 0o600 });
  }

  /** Returns a stored object by apiVersion/kind/namespace/name, or undefined. */
  getObject(params: { apiVersion: string; kind: string; namespace?: string; name: string }): Json | undefined {
    const resource = this.state.registry.byKind(params.apiVersion, params.kind);
    return resource ? this.state.get(resource, params.namespace ?? "", params.name) : undefined;
  }

  /** Returns every stored object of a kind (all namespaces unless one is given). */
  listObjects(params: { apiVersion: string; kind: string; namespace?: string }): Json[] {
    const resource = this.state.registry.byKind(params.apiVersion, params.kind);
    return resource ? this.state.store.list(storageKey(resource.group, resource.plural), params.namespace) : [];
  }

  /** Returns the number of logged requests matching a method and/or path prefix. */
  countRequests(filter: { method?: string; pathPrefix?: string } = {}): number {
    return this.requestLog.filter((r) => (!filter.method || r.method === filter.method) && (!filter.pathPrefix || r.path.startsWith(filter.pathPrefix))).length;
  }

  /** Clears the request log. */
  resetRequestLog(): void {
    this.requestLog.length = 0;
  }

  /** Sets how long new rollouts take to become ready (ms). */
  setRolloutDelay(ms: number): void {
    this.state.settings.rolloutDelayMs = ms;
  }

  /** Sets the simulated network latency of every request (ms). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * Makes matching requests go unanswered or trickle a byte at a time (see KubeFault),
   * e.g. `injectFault({ path: /\/configmaps\//, answer: "trickle" })`.
   */
  injectFault(fault: KubeFault): void {
    this.faults.push(fault);
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Sets how long new CRDs take to become Established (ms). */
  setCrdEstablishDelay(ms: number): void {
    this.state.settings.crdEstablishDelayMs = ms;
  }

  /** Makes workloads whose images match `pattern` never become ready (Progressing=False, ProgressDeadlineExceeded). */
  failImages(pattern: RegExp | string): void {
    this.state.settings.failImages.push(typeof pattern === "string" ? new RegExp(pattern) : pattern);
  }

  /** Stops the server, its watches and its controllers. */
  async stop(): Promise<void> {
    this.state.controllers.stop();
    for (const end of this.watches) end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
