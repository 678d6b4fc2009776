import { RenderError } from "../../errors.ts";
import type { FileTree, TreeEntry } from "../tree/file-tree.ts";
import { refusedLinkError } from "../tree/resolve-tree-links.ts";
import { resolveTreePath } from "../tree/tree-path.ts";
import type { MergeSchemas } from "./openapi-schema.ts";
import type { RenderLimits } from "./render-limits.ts";

/**
 * One render's view of the repository: every read goes through here, so the file and
 * byte budgets hold for the engine and for the generator code it calls alike.
 */
export class BuildContext {
  readonly limits: RenderLimits;
  private readonly base: FileTree;
  private files = 0;
  private bytes = 0;
  private objects = 0;
  /** The `openapi:` schema some kustomization of the build set (kustomize holds it for the rest of the build). */
  mergeSchemas: MergeSchemas | undefined;

  constructor(tree: FileTree, limits: RenderLimits) {
    this.base = tree;
    this.limits = limits;
  }

  stat(path: string): TreeEntry | undefined {
    return this.base.stat(path);
  }

  list(dir: string): readonly string[] {
    return this.base.list(dir);
  }

  /** The path with symlinks resolved (itself in trees without links); undefined for a refused link. */
  realPath(path: string): string | undefined {
    return this.base.realPath ? this.base.realPath(path) : path;
  }

  /**
   * Throws unless `path` lies in or below directory `dir` once symlinks are resolved:
   * kustomize's load restrictor compares real paths, so a link inside the
   * kustomization's directory that points out of it is refused as kustomize refuses it,
   * and one that leads out of the repository's files (into `.git`) always is.
   */
  checkUnder(path: string, dir: string, from: string): void {
    const real = this.base.realPath ? this.base.realPath(path) : path;
    if (real === undefined) throw refusedLinkError(path, from);
    const realDir = (this.base.realPath ? this.base.realPath(dir) : dir) ?? dir;
    if (!(realDir === "" || real === realDir || real.startsWith(`${realDir}/`))) throw restrictorError(path, dir, from, real);
  }

  /**
   * Returns how many more objects the render may hold, so a file can be refused before
   * it is parsed; `countObjects` then charges what was read.
   */
  objectsLeft(): number {
    return this.limits.maxObjects - this.objects;
  }

  /** Charges `count` objects read from `file` to the object budget. */
  countObjects(count: number, file: string): void {
    this.objects += count;
    if (this.objects > this.limits.maxObjects) throw objectLimitError(this.limits.maxObjects, file);
  }

  /** Returns the file's text after charging it to the budgets; `from` is named in errors. */
  async read(path: string, from: string): Promise<string> {
    this.charge(path, from);
    return this.base.read(path);
  }

  /** Returns the file's bytes (when the tree has them, else its text encoded) after charging the budgets. */
  async readBytes(path: string, from: string): Promise<Uint8Array> {
    this.charge(path, from);
    return this.base.readBytes ? this.base.readBytes(path) : new TextEncoder().encode(await this.base.read(path));
  }

  private charge(path: string, from: string): void {
    const entry = this.base.stat(path);
    if (entry?.type !== "file") throw new RenderError({ file: from, message: `"${path}" (named in "${from}") does not exist or is not a file; fix the path` });
    this.files++;
    this.bytes += entry.size;
    if (this.files > this.limits.maxFiles) {
      throw new RenderError({ code: "render-limit", file: from, message: `the render reads more than ${this.limits.maxFiles} files (at "${path}"); split the kustomization or raise the file limit` });
    }
    if (this.bytes > this.limits.maxBytes) {
      throw new RenderError({ code: "render-limit", file: from, message: `the render reads more than ${this.limits.maxBytes} bytes (at "${path}"); split the kustomization or raise the byte limit` });
    }
  }

  /**
   * Returns a FileTree that only shows files under `dir`: kustomize's default load
   * restrictor, for generator files read by code outside the engine.
   */
  restrictedTree(dir: string, from: string): FileTree {
    const inside = (path: string): boolean => dir === "" || path === dir || path.startsWith(`${dir}/`);
    return {
      stat: (path) => (inside(path) ? this.stat(path) : undefined),
      list: (d) => (inside(d) ? this.list(d) : []),
      read: async (path) => {
        if (!inside(path)) throw restrictorError(path, dir, from);
        this.checkUnder(path, dir, from);
        return this.read(path, from);
      },
      readBytes: async (path) => {
        if (!inside(path)) throw restrictorError(path, dir, from);
        this.checkUnder(path, dir, from);
        return this.readBytes(path, from);
      },
    };
  }
}

/** Returns the error for a render that holds more than `max` objects (at `file`). */
export function objectLimitError(max: number, file: string): RenderError {
  return new RenderError({ code: "render-limit", file, message: `the render holds more than ${max} objects (at "${file}"); split the kustomization or raise the object limit` });
}

/** Returns the error for a file outside the kustomization directory that names it (`real`: where its symlink leads). */
export function restrictorError(path: string, dir: string, from: string, real = path): RenderError {
  const link = real === path ? "" : ` (a symlink to "${real}")`;
  return new RenderError({
    file: from,
    message: `"${path}"${link} (named in "${from}") is outside "${dir || "."}"; kustomize only loads files in or below the kustomization's directory: move the file there, or refer to a directory with its own kustomization`,
  });
}

/** Returns true when an entry is certainly remote: a URL, an scp-style git address or a ref query. */
export function isRemoteReference(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^[\w.-]+@[\w.-]+:/.test(entry) || entry.includes("?ref=");
}

/** Returns true when a path that does not exist locally is probably a remote base. */
export function looksRemote(entry: string): boolean {
  return isRemoteReference(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || entry.includes("//");
}

/** Returns the error for a remote entry. */
export function remoteError(entry: string, field: string, file: string): RenderError {
  return new RenderError({
    code: "render-unsupported",
    file,
    message: `${field} entry "${entry}" in "${file}" is remote; Ferry renders without network access: vendor the remote base into the repository and refer to it by path`,
  });
}

/**
 * Returns the tree path of `entry` relative to directory `dir`, throwing when it is
 * remote or leaves the repository. `field` and `file` name the source in errors.
 */
export function resolveEntry(params: { dir: string; entry: string; field: string; file: string }): string {
  const { dir, entry, field, file } = params;
  if (isRemoteReference(entry)) throw remoteError(entry, field, file);
  const resolved = resolveTreePath(dir, entry);
  if (resolved === undefined || entry.startsWith("/")) {
    throw new RenderError({ file, message: `${field} entry "${entry}" in "${file}" leaves the repository; refer only to paths inside it` });
  }
  return resolved;
}
