/**
 * `ferry render DIR [--ref REF] [--engine builtin|kustomize]`: prints what `kubectl
 * kustomize DIR` prints, rendered by Ferry's built-in renderer (or, with `--engine
 * kustomize`, by the real kustomize exactly as the app runs it for `render.engine:
 * kustomize`), from the files on disk or from a git ref.
 */
import { realpathSync, statSync } from "node:fs";
import { basename, dirname, join, parse, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findRepoRoot, openDirFileTree, toTreePath } from "../../adapters/git/dir-file-tree.ts";
import { openGitFileTree } from "../../adapters/git/git-file-tree.ts";
import { readRenderers } from "../../adapters/kustomize/index.ts";
import { RENDER_ENGINES, renderWithEngine, type RenderEngine } from "../../core/render/render-with-engine.ts";
import type { FileTree } from "../../core/tree/file-tree.ts";
import { AppError } from "../../errors.ts";
import type { CliIo } from "../cli-io.ts";

const USAGE = "render DIR [--ref REF] [--engine builtin|kustomize]";

/** Returns `DIR [--ref REF] [--engine E]` parsed; throws a usage AppError on anything else. */
export function parseRenderArgs(args: readonly string[]): { path: string; ref: string | undefined; engine: RenderEngine } {
  const usage = (problem: string) => new AppError("usage", `${problem}; usage: ferry ${USAGE}`);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ref: { type: "string" }, engine: { type: "string" } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error));
  }
  const [path, ...extra] = parsed.positionals;
  if (path === undefined) throw usage("DIR is missing");
  if (extra.length > 0) throw usage("more than one DIR given");
  if (parsed.values.ref === "") throw usage("--ref needs a value");
  const engine = parsed.values.engine ?? "builtin";
  if (!isRenderEngine(engine)) throw usage(`unknown engine "${engine}"; use one of: ${RENDER_ENGINES.join(", ")}`);
  return { path, ref: parsed.values.ref, engine };
}

/**
 * Renders DIR (absolute, or relative to the working directory) and writes the YAML to
 * stdout. Like `kubectl kustomize`, the working directory does not matter: what the
 * render may read is bounded by where DIR is. Inside a git repository that is the
 * repository's work tree (overlays may use bases anywhere in it; `.git` and symlinks
 * leaving it are refused); outside git it is what kustomize itself would load, which
 * the renderer's load restrictor decides. With --ref it reads commit REF of the
 * repository DIR is in.
 */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { path, ref, engine } = parseRenderArgs(args);
  const { dir, existing } = realPath(resolve(io.cwd, path));
  if (ref === undefined && dir !== existing) throw new AppError("usage", `"${path}" is not a directory; give the directory that holds the kustomization`);
  const repoRoot = await findRepoRoot(existing);
  if (ref !== undefined && repoRoot === undefined) throw new AppError("usage", `--ref needs a git repository, and "${path}" is not inside one`);
  // kustomize renders a copy of the tree, as in the app: the repository, never the whole disk.
  if (engine === "kustomize" && repoRoot === undefined) throw new AppError("usage", `--engine kustomize renders a copy of the git repository holding DIR, and "${path}" is not inside one; run kubectl kustomize on it directly`);
  // Outside git the tree is the whole file system, as it is for kustomize: the
  // renderer's load restrictor keeps each kustomization to its own directory (bases
  // excepted), exactly where kustomize draws the line.
  const root = repoRoot ?? parse(dir).root;
  const treePath = toTreePath(root, io.cwd, dir);
  if (treePath === undefined) throw new AppError("usage", `"${path}" is outside the repository "${root}"`);
  let tree: FileTree;
  let close = (): void => {};
  if (ref === undefined) {
    tree = openDirFileTree(root);
  } else {
    const gitTree = await openGitFileTree({ repoDir: root, ref });
    tree = gitTree;
    close = () => gitTree.close();
  }
  try {
    const { yaml } = await renderWithEngine({ engine, renderers: readRenderers(io.env), tree, path: treePath });
    io.stdout(yaml);
    return 0;
  } finally {
    close();
  }
}

/**
 * Returns `full` with symlinks resolved as far as it exists, and the nearest directory
 * that exists: with --ref, DIR need not exist on disk, only in the commit.
 */
function realPath(full: string): { dir: string; existing: string } {
  let existing = full;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(existing);
      const dir = join(real, ...rest);
      return { dir, existing: rest.length === 0 && !statSync(real).isDirectory() ? dirname(real) : real };
    } catch {
      if (dirname(existing) === existing) return { dir: full, existing };
      rest.unshift(basename(existing));
      existing = dirname(existing);
    }
  }
}

function isRenderEngine(name: string): name is RenderEngine {
  return (RENDER_ENGINES as readonly string[]).includes(name);
}
