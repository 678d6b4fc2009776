/**
 * `ferry render PATH [--ref REF]`: prints what `kustomize build PATH` prints, rendered
 * by Ferry's built-in renderer, from the working directory or from a git ref.
 */
import { findRepoRoot, openDirFileTree, toTreePath } from "../../adapters/git/dir-file-tree.ts";
import { openGitFileTree } from "../../adapters/git/git-file-tree.ts";
import { renderKustomization } from "../../core/render/render-kustomization.ts";
import type { FileTree } from "../../core/tree/file-tree.ts";
import { AppError } from "../../errors.ts";
import type { CliIo } from "../main.ts";

const USAGE = "usage: ferry render PATH [--ref REF]";

/** Parses `PATH [--ref REF]`; throws a usage AppError on anything else. */
export function parseRenderArgs(args: readonly string[]): { path: string; ref: string | undefined } {
  let path: string | undefined;
  let ref: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--ref") {
      ref = args[++i];
      if (ref === undefined || ref === "") throw new AppError("usage", `--ref needs a value; ${USAGE}`);
    } else if (arg.startsWith("--ref=")) {
      ref = arg.slice("--ref=".length);
    } else if (arg.startsWith("-")) {
      throw new AppError("usage", `unknown option "${arg}"; ${USAGE}`);
    } else if (path === undefined) {
      path = arg;
    } else {
      throw new AppError("usage", `more than one PATH given; ${USAGE}`);
    }
  }
  if (path === undefined) throw new AppError("usage", `PATH is missing; ${USAGE}`);
  return { path, ref };
}

/**
 * Renders PATH (relative to the working directory) and writes the YAML to stdout.
 * Without --ref it reads the files on disk (the whole git work tree is visible, so
 * overlays may refer to bases anywhere in the repository); with --ref it reads the
 * commit REF of the repository PATH lives in.
 */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { path, ref } = parseRenderArgs(args);
  const repoRoot = await findRepoRoot(io.cwd);
  if (ref !== undefined && repoRoot === undefined) throw new AppError("usage", `--ref needs a git repository, and "${io.cwd}" is not inside one`);
  const root = repoRoot ?? io.cwd;
  const treePath = toTreePath(root, io.cwd, path);
  if (treePath === undefined) throw new AppError("usage", `"${path}" is outside "${root}"; render a directory inside the repository`);
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
    const { yaml } = await renderKustomization(tree, treePath);
    io.stdout(yaml);
    return 0;
  } finally {
    close();
  }
}
