import { RenderError } from "../../errors.ts";
import { dirnameTreePath, resolveTreePath } from "./tree-path.ts";

// Linux gives up after 40 links on one path (ELOOP); so does Ferry.
const MAX_LINKS = 40;

/**
 * Returns the tree path `path` leads to once the symlinks on the way are followed, as
 * the file system of a checkout would follow them, or undefined when it leads outside
 * the repository's files: above the root, to an absolute target, into `.git`, or
 * round a loop. `links` maps each symlink's tree path to its target as git stores it.
 * Pure; a path with no link on the way comes back unchanged.
 *
 * @example
 * resolveTreeLinks("app/shared/cm.yaml", new Map([["app/shared", "../common"]])) // → "common/cm.yaml"
 */
export function resolveTreeLinks(path: string, links: ReadonlyMap<string, string>): string | undefined {
  if (links.size === 0) return path;
  let rest = path === "" ? [] : path.split("/");
  let done: string[] = [];
  let hops = 0;
  while (rest.length > 0) {
    const segment = rest[0] as string;
    rest = rest.slice(1);
    const here = [...done, segment].join("/");
    const target = links.get(here);
    if (target === undefined) {
      done.push(segment);
      continue;
    }
    if (++hops > MAX_LINKS || target.startsWith("/")) return undefined;
    const resolved = resolveTreePath(dirnameTreePath(here), target);
    if (resolved === undefined) return undefined;
    // Start again from the target: it may itself pass through links.
    done = [];
    rest = [...(resolved === "" ? [] : resolved.split("/")), ...rest];
  }
  const real = done.join("/");
  return done.includes(".git") ? undefined : real;
}

/**
 * Returns the error for reading a symlink that leads outside the repository's files;
 * `from` names the file that refers to it, when known. One message for every tree.
 */
export function refusedLinkError(path: string, from?: string): RenderError {
  const named = from === undefined ? "" : ` (named in "${from}")`;
  return new RenderError({
    file: from ?? path,
    message: `"${path}"${named} is a symlink that leads outside the repository's files (out of the checkout or into .git); Ferry does not follow it: replace the link with the file itself`,
  });
}
