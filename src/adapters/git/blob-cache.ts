/**
 * Caches blob text by git blob SHA, so files shared by two commits (the usual case
 * when rendering before and after a change) are read once. Bounded by total bytes,
 * evicting the oldest entries first, so a long-running server cannot grow without end.
 */
/** How many memoized values (tree listings, tarball loads) are kept. */
const MEMO_ENTRIES = 64;
/**
 * Renders are large (a 5,000-resource render is tens of MB), so only a few are kept, and
 * only briefly: long enough for the handlers of one event (report, policy, drift), which
 * run at once, to share them, not so long that an idle server holds them.
 */
const RENDER_ENTRIES = 8;
const RENDER_KEEP_MS = 60_000;

export class BlobCache {
  private readonly entries = new Map<string, string>();
  private readonly loading = new Map<string, Promise<string>>();
  private readonly memos = new Map<string, Promise<unknown>>();
  private readonly renderMemos = new Map<string, { at: number; value: Promise<unknown> }>();
  private bytes = 0;
  /** Counts reads that came from the cache and that missed it, for benchmarks and tests. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  /** Returns the cached text of a blob, or undefined. */
  get(sha: string): string | undefined {
    const text = this.entries.get(sha);
    if (text === undefined) this.stats.misses++;
    else this.stats.hits++;
    return text;
  }

  /**
   * Returns the blob's text from the cache, or loads it once: concurrent callers asking
   * for the same SHA share one load instead of each reading the blob.
   */
  getOrLoad(sha: string, load: () => Promise<string>): Promise<string> {
    const cached = this.get(sha);
    if (cached !== undefined) return Promise.resolve(cached);
    const inflight = this.loading.get(sha);
    if (inflight) {
      this.stats.misses--;
      this.stats.hits++;
      return inflight;
    }
    const promise = load().then(
      (text) => {
        this.loading.delete(sha);
        this.set(sha, text);
        return text;
      },
      (error: unknown) => {
        this.loading.delete(sha);
        throw error;
      },
    );
    this.loading.set(sha, promise);
    return promise;
  }

  /**
   * Returns a value derived from content-addressed git data (a commit's tree listing, a
   * commit's tarball being loaded), loading it once per key; the most recent
   * `MEMO_ENTRIES` are kept. Failures are not kept, so the next caller tries again.
   */
  memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    const found = this.memos.get(key);
    if (found) {
      this.memos.delete(key);
      this.memos.set(key, found);
      return found as Promise<T>;
    }
    const promise = load();
    this.memos.set(key, promise);
    promise.catch(() => this.memos.delete(key));
    for (const oldest of this.memos.keys()) {
      if (this.memos.size <= MEMO_ENTRIES) break;
      this.memos.delete(oldest);
    }
    return promise;
  }

  /**
   * Returns the FileTree.renders of the tree `treeKey` (e.g. `owner/repo@sha`): what is
   * rendered from it is computed once and shared for a minute, at most RENDER_ENTRIES
   * values across all trees, oldest dropped first. Failures are not kept.
   */
  rendersOf(treeKey: string): { memo<T>(key: string, load: () => Promise<T>): Promise<T> } {
    return {
      memo: <T>(key: string, load: () => Promise<T>): Promise<T> => {
        const id = `${treeKey}\n${key}`;
        const now = Date.now();
        for (const [k, v] of this.renderMemos) if (now - v.at > RENDER_KEEP_MS) this.renderMemos.delete(k);
        const found = this.renderMemos.get(id);
        if (found) return found.value as Promise<T>;
        const value = load();
        this.renderMemos.set(id, { at: now, value });
        value.catch(() => this.renderMemos.delete(id));
        for (const oldest of this.renderMemos.keys()) {
          if (this.renderMemos.size <= RENDER_ENTRIES) break;
          this.renderMemos.delete(oldest);
        }
        return value;
      },
    };
  }

  /** Returns whether `memo(key)` holds a value (or a load in flight), without touching its age. */
  hasMemo(key: string): boolean {
    return this.memos.has(key);
  }

  /** Returns whether a blob is cached, without counting a hit or a miss. */
  has(sha: string): boolean {
    return this.entries.has(sha);
  }

  /** Stores the text of a blob. */
  set(sha: string, text: string): void {
    if (this.entries.has(sha)) return;
    this.entries.set(sha, text);
    this.bytes += text.length;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.length;
    }
  }
}
