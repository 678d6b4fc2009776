import { ClusterError } from "../../errors.ts";
import type { KubeHttp } from "./kube-http.ts";
import { statusOf } from "./kube-http.ts";

/** Where a kind is served: the URL segment and whether objects live in a namespace. */
export interface ServedResource {
  readonly apiVersion: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const MISS_REFRESH_MS = 5_000;

interface ResourceList {
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

/**
 * The API server's legacy discovery documents, cached per group/version for the life of
 * a connection (like kubectl's cache); `invalidate` drops them after new CRDs, and a
 * kind not found in a cache older than a few seconds is looked up once more.
 */
export class KubeDiscovery {
  private readonly lists = new Map<string, Promise<ResourceList | undefined>>();
  private groups: Promise<Map<string, string>> | undefined;

  constructor(private readonly http: KubeHttp) {}

  /** Returns where `kind` of `apiVersion` is served, or undefined when the server does not serve it. */
  async resolve(apiVersion: string, kind: string): Promise<ServedResource | undefined> {
    return (await this.find(apiVersion, kind)) ?? (this.refreshed() ? this.find(apiVersion, kind) : undefined);
  }

  /** Returns where `kind` of `group` is served in the group's preferred version. */
  async resolveGroupKind(group: string, kind: string): Promise<ServedResource | undefined> {
    return (await this.findGroupKind(group, kind)) ?? (this.refreshed() ? this.findGroupKind(group, kind) : undefined);
  }

  /** Returns `group/kind` → namespaced for every kind in every group's preferred version. */
  async scopes(): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    const versions = [["", "v1"] as const, ...(await this.preferredVersions())];
    const lists = await Promise.all(versions.map(([g, v]) => this.list(g === "" ? v : `${g}/${v}`)));
    versions.forEach(([group], i) => {
      for (const r of lists[i]?.resources ?? []) if (!r.name.includes("/")) out.set(`${group}/${r.kind}`, r.namespaced);
    });
    return out;
  }

  /** Returns the listable namespaced resources of every preferred group version. */
  async namespacedListable(): Promise<ServedResource[]> {
    const versions = [["", "v1"] as const, ...(await this.preferredVersions())];
    const out: ServedResource[] = [];
    for (const [g, v] of versions) {
      const apiVersion = g === "" ? v : `${g}/${v}`;
      for (const r of (await this.list(apiVersion))?.resources ?? []) {
        if (r.namespaced && !r.name.includes("/") && (r.verbs ?? []).includes("list")) out.push({ apiVersion, plural: r.name, namespaced: true });
      }
    }
    return out;
  }

  /** Forgets everything discovered (new CRDs were established). */
  invalidate(): void {
    this.lists.clear();
    this.groups = undefined;
    this.since = Date.now();
  }

  private since = Date.now();

  /**
   * Forgets a cache older than MISS_REFRESH_MS and returns true, so a kind served since
   * (a CRD installed by someone else while a client is reused) is found on a miss, as
   * kubectl refreshes its discovery cache on a miss; at most once per MISS_REFRESH_MS.
   */
  private refreshed(): boolean {
    if (Date.now() - this.since < MISS_REFRESH_MS) return false;
    this.invalidate();
    return true;
  }

  private async find(apiVersion: string, kind: string): Promise<ServedResource | undefined> {
    const list = await this.list(apiVersion);
    const r = list?.resources?.find((x) => x.kind === kind && !x.name.includes("/"));
    return r ? { apiVersion, plural: r.name, namespaced: r.namespaced } : undefined;
  }

  private async findGroupKind(group: string, kind: string): Promise<ServedResource | undefined> {
    if (group === "") return this.find("v1", kind);
    const version = (await this.preferredVersions()).get(group);
    return version ? this.find(`${group}/${version}`, kind) : undefined;
  }

  private list(apiVersion: string): Promise<ResourceList | undefined> {
    let cached = this.lists.get(apiVersion);
    if (!cached) {
      cached = this.fetch(apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`, "discovery").then((b) => b as ResourceList | undefined);
      cached.catch(() => this.lists.delete(apiVersion));
      this.lists.set(apiVersion, cached);
    }
    return cached;
  }

  private preferredVersions(): Promise<Map<string, string>> {
    this.groups ??= this.fetch("/apis", "discovery").then((body) => {
      const groups = (body as { groups?: { name: string; preferredVersion?: { version: string } }[] } | undefined)?.groups ?? [];
      return new Map(groups.filter((g) => g.preferredVersion).map((g) => [g.name, g.preferredVersion?.version ?? ""]));
    });
    return this.groups;
  }

  private async fetch(path: string, operation: string): Promise<unknown> {
    const res = await this.http.send({ method: "GET", path, operation });
    if (res.status === 404) return undefined;
    if (res.status !== 200) {
      const s = statusOf(res.body);
      throw new ClusterError({ code: res.status === 401 || res.status === 403 ? "permission-denied" : "cluster-unreachable", operation, httpStatus: res.status, message: `discovery (${path}) failed with HTTP ${res.status} ${s.reason}: ${s.message}; check Ferry's cluster credentials` });
    }
    return res.body;
  }
}
