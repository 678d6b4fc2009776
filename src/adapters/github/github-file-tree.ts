import type { FileTree } from "../../core/tree/file-tree.ts";
import { decodeTreeText } from "../../core/tree/decode-tree-text.ts";
import { AppError } from "../../errors.ts";
import type { BlobCache } from "../git/blob-cache.ts";
import { buildListedFileTree, type ListedBlob } from "../git/listed-file-tree.ts";
import { decodeUtf8, readTarball, type TarballContents } from "./read-tarball.ts";
import type { GitHubClient } from "./github-client.ts";

/**
 * A commit's tarball costs two requests (the redirect and the download), so it is used
 * as soon as a read misses the cache and more than this many of the tree's blobs are
 * not cached: a cold render of a 1,000-file repository costs the tree and the tarball,
 * and a render of a commit whose other blobs are cached only the few that changed.
 */
const TARBALL_WHEN_UNCACHED_OVER = 2;

/**
 * Opens the tree of `sha` and reads its blobs, all cached by blob SHA; never uses the
 * contents API per file and never clones. The first commit of a repository this process
 * opens is read from its tarball, whose entries are the commit's listing too (two
 * requests for listing and blobs). Later commits are listed through the git trees API
 * (one recursive request), and their blobs read through the blobs API or, past a few
 * cache misses, the commit's tarball.
 */
export async function openGitHubFileTree(params: { client: GitHubClient; sha: string; cache: BlobCache; maxTarballBytes?: number }): Promise<FileTree & { commit: string }> {
  const { client, sha, cache } = params;
  const { owner, repo } = client;
  const tarballKey = `tarball:${owner}/${repo}@${sha}`;
  const readTarballOnce = () =>
    cache.memo(tarballKey, async (): Promise<TarballContents> => {
      const response = await client.octokit.rest.repos.downloadTarballArchive({ owner, repo, ref: sha });
      const contents = await readTarball(new Uint8Array(response.data as ArrayBuffer), { maxBytes: params.maxTarballBytes ?? 512 * 1024 * 1024 });
      for (const [blobSha, text] of contents.blobs) cache.set(blobSha, text);
      // The cache holds the text now; the memo keeps only the listing.
      return { ...contents, blobs: new Map() };
    });
  const repoKey = `listed:${owner}/${repo}`;
  const cold = !cache.hasMemo(repoKey) && !cache.hasMemo(`tree:${owner}/${repo}@${sha}`);
  // A cold repository needs most blobs anyway: its tarball lists the commit as well, unless
  // .gitattributes may make the archive differ from the tree (then the trees API lists it).
  // A tarball that fails (archives disabled, a proxy in the way, too large) is not asked again for this tree.
  let tarball: Promise<TarballContents | undefined> | undefined = cold || cache.hasMemo(tarballKey) ? readTarballOnce().catch(() => undefined) : undefined;
  const fromTarball = await tarball;
  const listing = fromTarball && !fromTarball.hasAttributes ? fromTarball : undefined;
  const files = new Map<string, ListedBlob>(listing?.files);
  const linkBlobs = new Map<string, string>();
  if (!listing) {
    // A commit's tree never changes, so its listing is read once per process, whoever asks.
    const data = await cache.memo(`tree:${owner}/${repo}@${sha}`, async () => {
      const response = await client.octokit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: "1" });
      if (response.data.truncated) throw new AppError("github-failed", `the tree of ${sha.slice(0, 7)} is too large for GitHub's trees API (truncated); split the repository`);
      return response.data;
    });
    for (const entry of data.tree) {
      // Blobs and symlinks (followed within the commit only); submodules are other repositories.
      if (!entry.path || !entry.sha || entry.type !== "blob") continue;
      if (entry.mode === "120000") linkBlobs.set(entry.path, entry.sha);
      else files.set(entry.path, { sha: entry.sha, size: entry.size ?? 0 });
    }
  }

  // Marked once listed, so commits opened together while cold (the two sides of a diff) all use tarballs.
  void cache.memo(repoKey, () => Promise.resolve(true));
  let uncached: number | undefined;
  const loadTarball = () => (tarball ??= readTarballOnce());

  const fetchBlob = async (blobSha: string): Promise<Uint8Array> => {
    const blob = await client.octokit.rest.git.getBlob({ owner, repo, file_sha: blobSha });
    return Buffer.from(blob.data.content, blob.data.encoding === "base64" ? "base64" : "utf8");
  };
  // A symlink's blob is its target: one request per link, and repositories have few.
  const links = new Map<string, string>(listing?.links);
  await Promise.all([...linkBlobs].map(async ([path, blobSha]) => links.set(path, Buffer.from(await fetchBlob(blobSha)).toString("utf8"))));
  const tree = buildListedFileTree({
    files,
    links,
    readBlob: async (path, file) => {
      const cached = cache.get(file.sha);
      if (cached !== undefined) return cached;
      uncached ??= [...files.values()].filter((f) => !cache.has(f.sha)).length;
      if (tarball || uncached > TARBALL_WHEN_UNCACHED_OVER) {
        // A failed tarball (archives disabled, a proxy in the way) only costs speed: blobs still work.
        await loadTarball().catch(() => undefined);
        const loaded = cache.get(file.sha);
        if (loaded !== undefined) return loaded;
      }
      return cache.getOrLoad(file.sha, async () => decodeTreeText(await fetchBlob(file.sha), path));
    },
    // Generator files are read as bytes. The cache holds only strict UTF-8 texts with any BOM
    // kept, so encoding a cached text gives the blob's bytes back: no request for a file the
    // tarball (or an earlier read) already brought. Only non-UTF-8 blobs are fetched each time.
    readBlobBytes: async (file) => {
      if (!cache.has(file.sha) && tarball) await loadTarball().catch(() => undefined);
      const text = cache.get(file.sha);
      if (text !== undefined) return UTF8_ENCODER.encode(text);
      const bytes = await fetchBlob(file.sha);
      const decoded = decodeUtf8(bytes);
      if (decoded !== undefined) cache.set(file.sha, decoded);
      return bytes;
    },
  });
  // Renders of this commit are shared by every handler that opens it (one render per event).
  return { ...tree, commit: sha, renders: cache.rendersOf(`${owner}/${repo}@${sha}`) };
}

const UTF8_ENCODER = new TextEncoder();
