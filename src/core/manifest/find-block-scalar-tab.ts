/**
 * Returns the offset of a tab that go-yaml's scanner (and so kustomize) refuses in a
 * block scalar ("found a tab character where an indentation space is expected"), or
 * undefined. `start` is the offset of the `|` or `>` header and `end` where the scalar
 * ends. While the indentation is not known yet (no indicator, before the first line with
 * content), a tab after the leading spaces is refused; afterwards, one that stands
 * where indentation spaces are expected (before column `indent`). A tab inside the
 * content (`\tlisten 80;` after the indentation) is fine.
 */
export function findBlockScalarTab(text: string, start: number, end: number): number | undefined {
  const headerEnd = text.indexOf("\n", start);
  if (headerEnd < 0 || headerEnd >= end) return undefined;
  const indicator = /^[|>][-+]?([1-9])?/.exec(text.slice(start, headerEnd));
  // An explicit indentation is relative to the parent's, which this does not know:
  // leave such blocks alone rather than refuse a valid one.
  if (indicator === null || indicator[1] !== undefined) return undefined;
  let indent = 0;
  for (let lineStart = headerEnd + 1; lineStart < end; ) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    let column = 0;
    while (text.charCodeAt(lineStart + column) === 0x20 && (indent === 0 || column < indent)) column++;
    const next = text.charCodeAt(lineStart + column);
    if (next === 0x09 && (indent === 0 || column < indent)) return lineStart + column;
    if (indent === 0 && lineStart + column < lineEnd && next !== 0x0d) indent = column;
    lineStart = lineEnd + 1;
  }
  return undefined;
}
