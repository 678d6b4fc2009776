import { readdirSync, realpathSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import type { FileTree, TreeEntry } from "../../core/tree/file-tree.ts";
import { decodeTreeText } from "../../core/tree/decode-tree-text.ts";
import { refusedLinkError } from "../../core/tree/resolve-tree-links.ts";
import { AppError } from "../../errors.ts";
import { runGit } from "./run-git.ts";

/**
 * Returns a FileTree over the working directory `root`, read on demand. Every path is
 * resolved to its real path first (symlinks anywhere on the way, directories included),
 * and one that leads out of `root` or into a `.git` directory is refused: a checkout
 * cannot make the renderer read outside itself, nor put git's own files (remote URLs
 * with credentials in `.git/config`) into a ConfigMap. Such a link is not listed, but
 * `stat` shows it as a file, so a kustomization naming it fails saying why instead of
 * the file seeming absent. Text reads refuse bytes that are not UTF-8.
 */
export function openDirFileTree(root: string): FileTree {
  const realRoot = realpathSync(resolve(root));

  /** The real tree path of `path`: "missing", "refused" (outside, or in .git), or the path. */
  const locate = (path: string): { real: string } | "missing" | "refused" => {
    if (path.split("/").some((s) => s === ".." || s === ".git")) return "refused";
    let real: string;
    try {
      real = realpathSync(join(realRoot, path));
    } catch {
      return "missing";
    }
    const rel = relative(realRoot, real);
    if (rel.startsWith("..") || resolve(realRoot, rel) !== real) return "refused";
    const treePath = rel.split(sep).join("/");
    if (treePath.split("/").includes(".git")) return "refused";
    return { real: treePath };
  };

  const readBytes = async (path: string): Promise<Uint8Array> => {
    const where = locate(path);
    if (where === "refused") throw refusedLinkError(path);
    if (where === "missing") throw new AppError("render-failed", `"${path}" is not a file inside "${realRoot}"`);
    return readFile(join(realRoot, where.real));
  };

  return {
    stat(path: string): TreeEntry | undefined {
      const where = locate(path);
      if (where === "missing") return undefined;
      // A refused link looks like a file, so the read that follows reports the refusal.
      if (where === "refused") return path.split("/").includes(".git") ? undefined : { type: "file", size: 0 };
      try {
        const info = statSync(join(realRoot, where.real));
        if (info.isDirectory()) return { type: "dir" };
        return info.isFile() ? { type: "file", size: info.size } : undefined;
      } catch {
        return undefined;
      }
    },
    list(dir: string): readonly string[] {
      const where = locate(dir);
      if (typeof where === "string") return [];
      try {
        // Refused links are left out of listings (a plain directory's YAML files, the
        // policy's file walk): only a reference by name reaches them, and fails.
        return readdirSync(join(realRoot, where.real))
          .filter((name) => name !== ".git" && typeof locate(dir === "" ? name : `${dir}/${name}`) !== "string")
          .sort();
      } catch {
        return [];
      }
    },
    async read(path: string): Promise<string> {
      return decodeTreeText(await readBytes(path), path);
    },
    readBytes,
    realPath(path: string): string | undefined {
      const where = locate(path);
      if (where === "refused") return undefined;
      return where === "missing" ? path : where.real;
    },
  };
}

/** Returns the top directory of the git work tree holding `dir`, or undefined outside git. */
export async function findRepoRoot(dir: string): Promise<string | undefined> {
  try {
    return (await runGit(dir, ["rev-parse", "--show-toplevel"])).trim();
  } catch {
    return undefined;
  }
}

/** Returns `path` (absolute or relative to `cwd`) as a tree path under `root`, or undefined outside it. */
export function toTreePath(root: string, cwd: string, path: string): string | undefined {
  const rel = relative(realpathSync(resolve(root)), resolve(realpathSync(resolve(cwd)), path));
  if (rel.startsWith("..") || resolve(rel) === rel) return undefined;
  return rel.split(sep).join("/");
}
