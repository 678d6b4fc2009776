import { lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import type { FileTree, TreeEntry } from "../../core/tree/file-tree.ts";
import { AppError } from "../../errors.ts";
import { runGit } from "./run-git.ts";

/**
 * Returns a FileTree over the working directory `root`, read on demand. A symlink is
 * followed only when its target stays inside `root`; one that leaves it is invisible
 * (and reading it fails), so a checkout cannot make the renderer read outside itself.
 * `.git` is never shown.
 */
export function openDirFileTree(root: string): FileTree {
  const realRoot = realpathSync(resolve(root));
  const inside = (real: string): boolean => real === realRoot || real.startsWith(realRoot + sep);

  const locate = (path: string): string | undefined => {
    if (path.split("/").some((s) => s === ".." || s === ".git")) return undefined;
    const full = join(realRoot, path);
    let info;
    try {
      info = lstatSync(full);
    } catch {
      return undefined;
    }
    if (!info.isSymbolicLink()) return full;
    try {
      const real = realpathSync(full);
      return inside(real) ? real : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    stat(path: string): TreeEntry | undefined {
      const full = locate(path);
      if (full === undefined) return undefined;
      try {
        const info = statSync(full);
        if (info.isDirectory()) return { type: "dir" };
        return info.isFile() ? { type: "file", size: info.size } : undefined;
      } catch {
        return undefined;
      }
    },
    list(dir: string): readonly string[] {
      const full = locate(dir);
      if (full === undefined) return [];
      try {
        return readdirSync(full)
          .filter((name) => name !== ".git" && locate(dir === "" ? name : `${dir}/${name}`) !== undefined)
          .sort();
      } catch {
        return [];
      }
    },
    async read(path: string): Promise<string> {
      const full = locate(path);
      if (full === undefined) throw new AppError("render-failed", `"${path}" is not a file inside "${realRoot}" (symlinks leaving the directory are refused)`);
      return readFile(full, "utf8");
    },
    async readBytes(path: string): Promise<Uint8Array> {
      const full = locate(path);
      if (full === undefined) throw new AppError("render-failed", `"${path}" is not a file inside "${realRoot}" (symlinks leaving the directory are refused)`);
      return readFile(full);
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
