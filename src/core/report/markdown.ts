/** Returns a backtick fence longer than any backtick run in `text` (at least three). */
export function fenceFor(text: string): string {
  return "`".repeat(Math.max(3, longestRun(text, "`") + 1));
}

/** Returns `text` as an inline code span that no backtick inside it can end early. */
export function code(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, " ");
  const ticks = "`".repeat(longestRun(oneLine, "`") + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

/** Returns `text` safe inside a GitHub table cell: pipes escaped (also inside code spans). */
export function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** Returns `text` escaped for HTML (used inside `<summary>`, where Markdown is not parsed). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, " ");
}

/** Returns "1 resource" / "2 resources". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
