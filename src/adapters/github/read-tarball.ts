import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Returns the regular files of a gzipped tarball (GitHub's `tarball/{ref}` answer) keyed
 * by their git blob SHA, computed from the bytes (`sha1("blob <size>\0" + bytes)`), so
 * they can fill the blob cache that per-file reads use. Files that are not UTF-8 are left out.
 */
export async function readTarballBlobs(gzipped: Uint8Array, limits: { maxBytes: number }): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  const extract = tar.extract();
  let total = 0;
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
        if (header.type === "file") {
          const bytes = Buffer.concat(chunks);
          const sha = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
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
  return blobs;
}
