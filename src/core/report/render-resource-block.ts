import type { ResourceChange } from "../diff/manifest-diff.ts";
import { code, escapeHtml, fenceFor } from "./markdown.ts";
import { describeSecretFields } from "./render-summary-markdown.ts";

/**
 * Returns one resource's collapsed `<details>` block with its diff in a ```diff fence,
 * at most `budget` characters: past it the diff is cut at a line boundary, the fence is
 * still closed, and the block says how many lines were cut.
 */
export function renderResourceBlock(change: ResourceChange, budget: number): string {
  const title = change.previousKey !== undefined ? `${escapeHtml(change.type)} <code>${escapeHtml(change.previousKey)}</code> → <code>${escapeHtml(change.name)}</code>` : `${escapeHtml(change.type)} <code>${escapeHtml(change.key)}</code>`;
  const secrets = change.secretFields.length > 0 ? `Secret values are hidden: ${describeSecretFields(change.secretFields)}.\n\n` : "";
  const build = (diff: string, cut: number): string => {
    const fence = fenceFor(diff);
    const note = cut > 0 ? `\n_${cut} more diff lines not shown; run ${code("ferry plan")} locally for the full diff._\n` : "";
    return `<details><summary>${title}</summary>\n\n${secrets}${fence}diff\n${diff}${fence}\n${note}\n</details>\n`;
  };
  const full = build(change.diff, 0);
  if (full.length <= budget) return full;
  const lines = change.diff.split("\n").slice(0, -1);
  // The overhead with every line cut is an upper bound (the fence only gets shorter and
  // the count only gets smaller), so the longest prefix that fits can be found directly.
  const overhead = build("", lines.length).length + fenceFor(change.diff).length * 2;
  let keep = 0;
  let size = overhead;
  for (const line of lines) {
    if (size + line.length + 1 > budget) break;
    size += line.length + 1;
    keep++;
  }
  return build(lines.slice(0, keep).map((l) => `${l}\n`).join(""), lines.length - keep);
}
