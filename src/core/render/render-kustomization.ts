import type { FileTree } from "../tree/file-tree.ts";
import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { RenderError } from "../../errors.ts";
import { normalizeTreePath, resolveTreePath } from "../tree/tree-path.ts";
import { accumulateTarget, emptyAccumulator } from "./accumulate-target.ts";
import { stringifyAnnotations } from "./annotation-text.ts";
import { applyVars } from "./apply-vars.ts";
import { BuildContext } from "./build-context.ts";
import { fixNameReferences } from "./fix-name-references.ts";
import { computeNameHash } from "./generate-resource.ts";
import { addBuildMetadata } from "./build-metadata.ts";
import { findKustomizationFile, loadKustomization, stringList } from "./load-kustomization.ts";
import { DEFAULT_RENDER_LIMITS, type RenderLimits } from "./render-limits.ts";
import type { RenderResource } from "./render-resource.ts";
import { currentName, describeResource, idOf } from "./resource-id.ts";
import { sortResources, type SortOptions } from "./sort-resources.ts";
import { parseManifestFile, serializeObjects } from "./yaml-io.ts";
import { isJsonObject } from "../manifest/kube-object.ts";

export type { RenderLimits } from "./render-limits.ts";

/** One rendered object, with the repository file it came from (for findings and annotations). */
export interface RenderedResource {
  readonly object: KubeObject;
  readonly source: { readonly file: string };
}

/** The output of a render: the objects in kustomize's output order, and the YAML kustomize would print. */
export interface RenderResult {
  readonly resources: readonly RenderedResource[];
  readonly yaml: string;
}

/**
 * Returns what `kustomize build <path>` prints for the directory `path` of `tree`,
 * byte for byte, and the objects behind it. Reads only through `tree`: no network, no
 * exec, no path outside the tree. Throws RenderError with the file and field.
 *
 * A directory without a kustomization file renders as plain manifests (Ferry's
 * extension; kustomize refuses it): every `.yaml`/`.yml` file below it, skipping
 * dot-files and dot-directories, in code-unit order of their paths, each file's
 * documents in file order, with no reordering by kind.
 *
 * @example
 * const tree = buildMemoryFileTree({ "app/kustomization.yaml": "resources: [cm.yaml]\n", "app/cm.yaml": cm });
 * const { yaml } = await renderKustomization(tree, "app");
 */
export async function renderKustomization(tree: FileTree, path: string, limits?: Partial<RenderLimits>): Promise<RenderResult> {
  const ctx = new BuildContext(tree, { ...DEFAULT_RENDER_LIMITS, ...limits });
  const dir = resolveTreePath("", path);
  if (dir === undefined) throw new RenderError({ message: `"${path}" leaves the repository; render a directory inside it` });
  const entry = tree.stat(dir);
  if (entry?.type !== "dir") throw new RenderError({ file: dir, message: `"${path}" is not a directory of the repository; give the directory that holds the kustomization` });

  const file = findKustomizationFile(ctx, dir);
  const built = file === undefined ? await renderPlainDirectory(ctx, dir) : await renderRoot(ctx, dir, file);
  const yaml = serializeObjects(built.map((r) => r.obj));
  if (Buffer.byteLength(yaml) > ctx.limits.maxOutputBytes) {
    throw new RenderError({ code: "render-limit", file: file ?? dir, message: `the rendered output of "${path}" is larger than ${ctx.limits.maxOutputBytes} bytes; split it or raise the output limit` });
  }
  return { resources: built.map((r) => ({ object: r.obj, source: { file: r.source } })), yaml };
}

async function renderRoot(ctx: BuildContext, dir: string, file: string): Promise<RenderResource[]> {
  const k = await loadKustomization(ctx, dir, file);
  const acc = await accumulateTarget(ctx, k, emptyAccumulator(), [dir]);
  // kustomize adds hash suffixes, fixes name references and resolves vars once, at the
  // top, after every nested kustomization has been built.
  let resources = acc.resources.map(addHashSuffix);
  resources = fixNameReferences(resources, file, acc.config.nameReference);
  resources = applyVars(resources, acc.vars, acc.config.varReference);
  resources = resources.filter((r) => r.obj.metadata.annotations?.["config.kubernetes.io/local-config"] === undefined);
  resources = addBuildMetadata(resources, stringList(k.raw, "buildMetadata", file), dir, file);
  resources = resources.map((r) => stringifyAnnotations(r, file)).map(dropEmptyAnnotations);
  return sortResources(resources, parseSortOptions(k.raw.sortOptions, file));
}

/**
 * Returns the resource without `metadata.annotations` when that is null or empty:
 * kustomize stores its build annotations there and, removing them at the end, drops
 * the field once nothing is left (labels are kept as written, `labels: {}` included).
 */
function dropEmptyAnnotations(resource: RenderResource): RenderResource {
  const annotations = resource.obj.metadata.annotations as JsonValue | undefined;
  if (!(annotations === null || (isJsonObject(annotations) && Object.keys(annotations).length === 0))) return resource;
  const { annotations: _dropped, ...metadata } = resource.obj.metadata;
  return { ...resource, obj: { ...resource.obj, metadata } };
}

function addHashSuffix(resource: RenderResource): RenderResource {
  if (!resource.generator?.hashSuffix) return resource;
  const obj = structuredClone(resource.obj);
  obj.metadata.name = `${obj.metadata.name ?? ""}-${computeNameHash(resource.obj)}`;
  return { ...resource, obj, history: [...resource.history, currentName(resource)] };
}

function parseSortOptions(raw: unknown, file: string): SortOptions {
  if (raw === undefined || raw === null) return { order: "legacy" };
  if (!isJsonObject(raw) || (raw.order !== "legacy" && raw.order !== "fifo")) {
    throw new RenderError({ file, message: `sortOptions.order in "${file}" must be legacy or fifo` });
  }
  if (raw.order === "fifo") {
    if (raw.legacySortOptions !== undefined) throw new RenderError({ file, message: `sortOptions in "${file}" has legacySortOptions with order fifo; remove them or use order legacy` });
    return { order: "fifo" };
  }
  const legacy = raw.legacySortOptions;
  if (legacy === undefined || legacy === null) return { order: "legacy" };
  if (!isJsonObject(legacy)) throw new RenderError({ file, message: `sortOptions.legacySortOptions in "${file}" must be a map` });
  const list = (v: unknown, name: string): string[] => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new RenderError({ file, message: `sortOptions.legacySortOptions.${name} in "${file}" must be a list of kinds` });
    return v as string[];
  };
  return { order: "legacy", orderFirst: list(legacy.orderFirst ?? [], "orderFirst"), orderLast: list(legacy.orderLast ?? [], "orderLast") };
}

async function renderPlainDirectory(ctx: BuildContext, dir: string): Promise<RenderResource[]> {
  const files: string[] = [];
  // A directory without a kustomization is read whole, subdirectories included: bounded
  // by the file limit, counting directories too, so pointing Ferry at `/` or a home
  // directory ends with an error instead of walking the disk.
  // A directory reached again through a link (Debian's /usr/bin/X11 → .) is read once:
  // walking it again would go round for ever, each path longer than the last.
  let seen = 0;
  const walked = new Set<string>();
  const walk = (d: string): void => {
    const real = ctx.realPath(d) ?? d;
    if (walked.has(real)) return;
    walked.add(real);
    for (const name of ctx.list(d)) {
      if (name.startsWith(".")) continue;
      if (++seen > ctx.limits.maxFiles) {
        throw new RenderError({ code: "render-limit", file: dir === "" ? "." : dir, message: `"${dir === "" ? "." : dir}" has no kustomization and holds more than ${ctx.limits.maxFiles} files and directories to read as plain manifests; point Ferry at a kustomization directory or a smaller manifest directory` });
      }
      const p = d === "" ? name : `${d}/${name}`;
      const stat = ctx.stat(p);
      if (stat?.type === "dir") walk(p);
      else if (stat?.type === "file" && /\.ya?ml$/.test(name)) files.push(normalizeTreePath(p));
    }
  };
  walk(dir);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: RenderResource[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    for (const obj of parseManifestFile(await ctx.read(file, file), file, ctx)) {
      const id = idOf(obj);
      const first = ids.get(id);
      if (first !== undefined) throw new RenderError({ file, message: `${describeResource(obj)} is defined twice ("${first}" and "${file}"); remove one` });
      ids.set(id, file);
      out.push({ obj, source: file, history: [] });
    }
  }
  return out;
}
