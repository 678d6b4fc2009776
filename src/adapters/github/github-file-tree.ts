import type { FileTree } from "../../core/tree/file-tree.ts";
import { decodeTreeText } from "../../core/tree/decode-tree-text.ts";
import { AppError } from "../../errors.ts";
import type { BlobCache } from "../git/blob-cache.ts";
import { buildListedFileTree, type ListedBlob } from "../git/listed-file-tree.ts";
import { readTarballBlobs } from "./read-tarball.ts";
import type { GitHubClient } from "./github-client.ts";

/**
 * A commit's tarball costs two requests (the redirect and the download), so it is used
 * as soon as a read misses the cache and more than this many of the tree's blobs are
 * not cached: a cold render of a 1,000-file repository costs the tree and the tarball,
 * and a render of a commit whose other blobs are cached only the few that changed.
 */
const TARBALL_WHEN_UNCACHED_OVER = 2;

/**
 * Opens the tree of `sha` through GitHub's git trees API (one recursive request) and
 * reads blobs through the blobs API or, past a few cache misses, the commit's tarball,
 * both cached by blob SHA. Never uses the contents API per file and never clones.
 */
export async function openGitHubFileTree(params: { client: GitHubClient; sha: string; cache: BlobCache; maxTarballBytes?: number }): Promise<FileTree & { commit: string }> {
  const { client, sha, cache } = params;
  const { owner, repo } = client;
  // A commit's tree never changes, so its listing is read once per process, whoever asks.
  const data = await cache.memo(`tree:${owner}/${repo}@${sha}`, async () => {
    const response = await client.octokit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: "1" });
    if (response.data.truncated) throw new AppError("github-failed", `the tree of ${sha.slice(0, 7)} is too large for GitHub's trees API (truncated); split the repository`);
    return response.data;
  });

  const files = new Map<string, ListedBlob>();
  const linkBlobs = new Map<string, string>();
  for (const entry of data.tree) {
    // Blobs and symlinks (followed within the commit only); submodules are other repositories.
    if (!entry.path || !entry.sha || entry.type !== "blob") continue;
    if (entry.mode === "120000") linkBlobs.set(entry.path, entry.sha);
    else files.set(entry.path, { sha: entry.sha, size: entry.size ?? 0 });
  }

  let tarball: Promise<void> | undefined;
  let uncached: number | undefined;
  const loadTarball = () =>
    (tarball ??= cache.memo(`tarball:${owner}/${repo}@${sha}`, async () => {
      const response = await client.octokit.rest.repos.downloadTarballArchive({ owner, repo, ref: sha });
      const blobs = await readTarballBlobs(new Uint8Array(response.data as ArrayBuffer), { maxBytes: params.maxTarballBytes ?? 512 * 1024 * 1024 });
      for (const [blobSha, text] of blobs) cache.set(blobSha, text);
    }));

  const fetchBlob = async (blobSha: string): Promise<Uint8Array> => {
    const blob = await client.octokit.rest.git.getBlob({ owner, repo, file_sha: blobSha });
    return Buffer.from(blob.data.content, blob.data.encoding === "base64" ? "base64" : "utf8");
  };
  // A symlink's blob is its target: one request per link, and repositories have few.
  const links = new Map<string, string>();
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
        const fromTarball = cache.get(file.sha);
        if (fromTarball !== undefined) return fromTarball;
      }
      return cache.getOrLoad(file.sha, async () => decodeTreeText(await fetchBlob(file.sha), path));
    },
    readBlobBytes: (file) => fetchBlob(file.sha),
  });
  // Renders of this commit are shared by every handler that opens it (one render per event).
  return { ...tree, commit: sha, renders: cache.rendersOf(`${owner}/${repo}@${sha}`) };
}
