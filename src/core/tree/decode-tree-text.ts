import { RenderError } from "../../errors.ts";

// fatal: invalid bytes throw instead of becoming U+FFFD; ignoreBOM: a BOM stays in the
// text, where the YAML reader handles it as go-yaml does.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Returns the text of the file `path` from its bytes, refusing bytes that are not UTF-8
 * as kustomize refuses them ("invalid trailing UTF-8 octet"), instead of silently
 * turning them into U+FFFD, which would render and apply something nobody wrote.
 * Throws RenderError naming the file and the offset of the first bad byte.
 */
export function decodeTreeText(bytes: Uint8Array, path: string): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch (cause) {
    const at = firstInvalidByte(bytes);
    throw new RenderError({
      file: path,
      message: `"${path}" is not valid UTF-8 (byte ${at}); kustomize refuses it too: save the file as UTF-8, or load binary content through a generator's files: entry`,
      cause,
    });
  }
}

/** Returns the offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    let end = i + 1;
    while (end < i + length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end++;
    if (end < i + length) return i;
    // A complete sequence can still be an overlong form or a surrogate: the decoder
    // has said something is wrong, so check this one on its own.
    try {
      STRICT_UTF8.decode(bytes.subarray(i, end));
    } catch {
      return i;
    }
    i = end;
  }
  return bytes.length;
}
