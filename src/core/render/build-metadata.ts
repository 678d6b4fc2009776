import { RenderError } from "../../errors.ts";
import type { RenderResource } from "./render-resource.ts";

/**
 * The label kubectl's kustomize sets for `managedByLabel`: kubectl v1.32 embeds
 * kustomize without a release version, so it writes "(devel)" (checked against
 * `kubectl kustomize` on this machine, the renderer's oracle).
 */
const MANAGED_BY = "kustomize-(devel)";

/** Returns the path `to` (a tree path) relative to the directory `from`, with "..", as kustomize prints origins. */
function relativePath(from: string, to: string): string {
  const a = from === "" ? [] : from.split("/");
  const b = to.split("/");
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  return [...Array.from({ length: a.length - common }, () => ".."), ...b.slice(common)].join("/");
}

/**
 * Returns the resources with the build metadata the top kustomization's `buildMetadata`
 * asks for (kustomize ignores the field in bases): `managedByLabel` labels every object
 * app.kubernetes.io/managed-by, `originAnnotations` records in config.kubernetes.io/origin
 * the file each object came from, or the generator that made it. `transformerAnnotations`
 * (a log of every transformer run) is refused; other words are ignored, as kustomize ignores them.
 */
export function addBuildMetadata(resources: readonly RenderResource[], options: readonly string[], dir: string, file: string): RenderResource[] {
  if (options.includes("transformerAnnotations")) {
    throw new RenderError({ code: "render-unsupported", file, message: `buildMetadata transformerAnnotations in "${file}" is not supported by Ferry's renderer; remove it (managedByLabel and originAnnotations are), or render this directory with kustomize itself` });
  }
  const label = options.includes("managedByLabel");
  const origin = options.includes("originAnnotations");
  if (!label && !origin) return [...resources];
  return resources.map((r) => {
    const metadata = { ...r.obj.metadata };
    if (label) metadata.labels = { ...(metadata.labels ?? {}), "app.kubernetes.io/managed-by": MANAGED_BY };
    if (origin) {
      const text = r.generator
        ? `configuredIn: ${relativePath(dir, r.source)}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ${r.obj.kind === "Secret" ? "SecretGenerator" : "ConfigMapGenerator"}\n`
        : `path: ${relativePath(dir, r.source)}\n`;
      metadata.annotations = { ...(metadata.annotations ?? {}), "config.kubernetes.io/origin": text };
    }
    return { ...r, obj: { ...r.obj, metadata } };
  });
}
