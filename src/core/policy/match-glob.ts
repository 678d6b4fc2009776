/**
 * Returns true when a repository path matches a glob: `*` and `?` stay within one
 * path segment, `**` crosses directories, and a pattern ending in "/" matches
 * everything below that directory. A pattern without "/" matches the file name at
 * any depth, as in .gitignore and CODEOWNERS. Hand-written: core may not import a
 * glob library that reads the file system, and this covers the documented forms.
 */
export function matchGlob(pattern: string, path: string): boolean {
  let p = pattern.startsWith("/") ? pattern.slice(1) : pattern;
  if (p.endsWith("/")) p = `${p}**`;
  if (!p.includes("/")) p = `**/${p}`;
  return globToRegExp(p).test(path);
}

const cache = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let out = "^";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      // "**/" matches zero or more whole directories; a trailing "**" matches anything.
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  const re = new RegExp(`${out}$`);
  cache.set(glob, re);
  return re;
}
