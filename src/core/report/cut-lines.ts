/**
 * Returns `text` cut at a line boundary to at most `budget` characters, ending with a
 * line that says the `what` was cut; `text` itself when it fits.
 */
export function cutLines(text: string, budget: number, what: string): string {
  if (text.length <= budget) return text;
  const lines = text.split("\n");
  const out: string[] = [];
  let size = 0;
  for (const [i, line] of lines.entries()) {
    const note = `- … ${what} cut: ${lines.length - i} more lines not shown`;
    if (size + line.length + 1 + note.length > budget) {
      out.push(note);
      break;
    }
    out.push(line);
    size += line.length + 1;
  }
  return out.join("\n");
}
