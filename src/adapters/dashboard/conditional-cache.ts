/**
 * Keeps the dashboard cheap on GitHub: a short in-memory cache (TTL) in front of
 * conditional requests. A GET answered within the TTL costs nothing; after it, the
 * request goes out with `If-None-Match` and GitHub's 304 (free of rate limit) reuses
 * the stored body. URLs naming a full commit SHA never change, so they never expire.
 * Installed as an Octokit `request` hook; entries are per identity (installation or
 * user), so one user's answers are never served to another.
 */

interface Entry {
  readonly etag: string | undefined;
  readonly response: { status: number; url: string; headers: Record<string, unknown>; data: unknown };
  fetchedAt: number;
}

/** Counts of what the cache did (for the bench and docs). */
export interface CacheCounters {
  fresh: number;
  revalidated: number;
  fetched: number;
}

type RequestFn = (options: Record<string, unknown>) => Promise<{ status: number; url: string; headers: Record<string, unknown>; data: unknown }>;
interface HookedOctokit {
  hook: { wrap(name: "request", fn: (request: RequestFn, options: Record<string, unknown>) => Promise<unknown>): void };
  request: { endpoint: { parse(options: Record<string, unknown>): { method: string; url: string } } };
}

const IMMUTABLE = /\/(commits|git\/commits|git\/trees)\/[0-9a-f]{40}(\?|$)/;

/** An LRU of GET answers with their ETags. */
export class ConditionalCache {
  private readonly entries = new Map<string, Entry>();
  readonly counters: CacheCounters = { fresh: 0, revalidated: 0, fetched: 0 };

  constructor(private readonly options: { ttlMs: number; maxEntries?: number; now?: () => number }) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Makes `octokit`'s GET requests go through this cache under `identity`. */
  install(octokit: HookedOctokit, identity: string): void {
    octokit.hook.wrap("request", async (request, options) => {
      const { method, url } = octokit.request.endpoint.parse(options);
      if (method !== "GET") return request(options);
      const key = `${identity} ${url}`;
      const entry = this.entries.get(key);
      if (entry && (IMMUTABLE.test(url) || this.now() - entry.fetchedAt < this.options.ttlMs)) {
        this.counters.fresh++;
        this.touch(key, entry);
        return structuredClone(entry.response);
      }
      const headers = { ...(options.headers as Record<string, string> | undefined), ...(entry?.etag ? { "if-none-match": entry.etag } : {}) };
      try {
        // In place: Octokit's request hook chain reads the options object it was given.
        options.headers = headers;
        const response = await request(options);
        this.counters.fetched++;
        const etag = typeof response.headers.etag === "string" ? response.headers.etag : undefined;
        if (response.status === 200) this.touch(key, { etag, response: structuredClone(response), fetchedAt: this.now() });
        return response;
      } catch (error) {
        if (entry && (error as { status?: number }).status === 304) {
          this.counters.revalidated++;
          entry.fetchedAt = this.now();
          this.touch(key, entry);
          return structuredClone(entry.response);
        }
        throw error;
      }
    });
  }

  /** Forgets every entry (tests, or after a write the next view must see). */
  clear(): void {
    this.entries.clear();
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= (this.options.maxEntries ?? 5000)) break;
      this.entries.delete(oldest);
    }
  }
}
