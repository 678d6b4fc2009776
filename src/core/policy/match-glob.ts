/**
 * Returns true when a repository path matches a glob: `*` and `?` stay within one
 * path segment, `**` crosses directories, and a pattern ending in "/" matches
 * everything below that directory. A pattern without "/" matches the file name at
 * any depth, as in .gitignore and CODEOWNERS. Hand-written: core may not import a
 * glob library that reads the file system, and this covers the documented forms.
 *
 * The globs come from settings anyone with push access to the default branch writes,
 * and the paths from any pull request, so matching must stay linear: a glob turned
 * into a JavaScript regular expression backtracks (`*a*a*a*a*a*a*a*a*b` against 40
 * "a"s took 7 s and held every other webhook). This runs the glob as a set of
 * positions over the path instead, O(glob × path).
 */
export function matchGlob(pattern: string, path: string): boolean {
  let p = pattern.startsWith("/") ? pattern.slice(1) : pattern;
  if (p.endsWith("/")) p = `${p}**`;
  if (!p.includes("/")) p = `**/${p}`;
  return run(compile(p), path);
}

// A token matches: one given character, one character of a segment (`?`), any run
// within a segment (`*`), any run at all (a trailing or inner `**`), or zero or more
// whole directories (`**/`, which is empty or ends in "/").
type Token = { kind: "char"; char: string } | { kind: "one" } | { kind: "segment" } | { kind: "any" } | { kind: "dirs" };

function compile(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      tokens.push({ kind: slash ? "dirs" : "any" });
      i += slash ? 2 : 1;
    } else if (c === "*") tokens.push({ kind: "segment" });
    else if (c === "?") tokens.push({ kind: "one" });
    else tokens.push({ kind: "char", char: c });
  }
  return tokens;
}

function run(tokens: readonly Token[], path: string): boolean {
  let at = closure(tokens, new Set([0]));
  // By UTF-16 unit, as the glob is compiled.
  for (let k = 0; k < path.length; k++) {
    const c = path[k] as string;
    const next = new Set<number>();
    for (const i of at) {
      const t = tokens[i];
      if (t === undefined) continue;
      if (t.kind === "char" ? t.char === c : t.kind === "one" && c !== "/") next.add(i + 1);
      else if (t.kind === "segment" && c !== "/") next.add(i);
      else if (t.kind === "any") next.add(i);
      else if (t.kind === "dirs") {
        next.add(i);
        if (c === "/") next.add(i + 1);
      }
    }
    if (next.size === 0) return false;
    at = closure(tokens, next);
  }
  return at.has(tokens.length);
}

// Every token that can match nothing (`*`, `**`, `**/`) may be skipped.
function closure(tokens: readonly Token[], at: Set<number>): Set<number> {
  for (const i of at) {
    const t = tokens[i];
    if (t !== undefined && t.kind !== "char" && t.kind !== "one") at.add(i + 1);
  }
  return at;
}
