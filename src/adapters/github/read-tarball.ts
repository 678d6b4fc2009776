import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Returns the text of UTF-8 bytes (a BOM kept), or undefined when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A commit's tarball read: blob text by SHA, and the listing the tarball itself gives. */
export interface TarballContents {
  /** UTF-8 blobs by git blob SHA, to fill the blob cache. */
  readonly blobs: Map<string, string>;
  /** Every regular file (text or not) by path below the archive's top folder. */
  readonly files: Map<string, { sha: string; size: number }>;
  /** Symlinks by path: their target, as git stores it. */
  readonly links: Map<string, string>;
  /**
   * Whether the archive holds a `.gitattributes`: export-ignore, export-subst or an LFS
   * filter can make an archive differ from the commit's tree, so its listing is not used.
   */
  readonly hasAttributes: boolean;
}

/**
 * Returns the regular files of a gzipped tarball (GitHub's `tarball/{ref}` answer) keyed
 * by their git blob SHA, computed from the bytes (`sha1("blob <size>\0" + bytes)`), so
 * they can fill the blob cache that per-file reads use, and the listing of the archive
 * (paths without GitHub's `owner-repo-sha/` folder). Files that are not UTF-8 are listed
 * but left out of `blobs`.
 */
export async function readTarball(gzipped: Uint8Array, limits: { maxBytes: number }): Promise<TarballContents> {
  const blobs = new Map<string, string>();
  const files = new Map<string, { sha: string; size: number }>();
  const links = new Map<string, string>();
  let hasAttributes = false;
  const extract = tar.extract();
  let total = 0;
  // GitHub (and git archive --prefix) put every entry under one top folder.
  const inRepo = (name: string): string => name.slice(name.indexOf("/") + 1);
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (data: unknown) => {
        const chunk = data as Buffer;
        total += chunk.length;
        if (total > limits.maxBytes) {
          extract.destroy(new Error(`the repository tarball is larger than ${limits.maxBytes} bytes`));
          return;
        }
        if (header.type === "file") chunks.push(chunk);
      });
      stream.on("end", () => {
        const path = inRepo(header.name);
        if (header.type === "symlink" && path !== "" && header.linkname !== undefined && header.linkname !== null) links.set(path, header.linkname);
        if (header.type === "file") {
          const bytes = Buffer.concat(chunks);
          const sha = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
          if (path !== "") files.set(path, { sha, size: bytes.length });
          if (path === ".gitattributes" || path.endsWith("/.gitattributes")) hasAttributes = true;
          // Only UTF-8 text goes to the cache; other blobs are read (and refused, or kept
          // as bytes for generators) one by one, which names the file.
          const text = decodeUtf8(bytes);
          if (text !== undefined) blobs.set(sha, text);
        }
        next();
      });
      stream.resume();
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  Readable.from([Buffer.from(gzipped)]).pipe(createGunzip()).on("error", (e) => extract.destroy(e)).pipe(extract);
  await done;
  return { blobs, files, links, hasAttributes };
}
