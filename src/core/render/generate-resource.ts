import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import type { FileTree } from "../tree/file-tree.ts";
import type { RenderResource } from "./render-resource.ts";
import { RenderError } from "../../errors.ts";

/** What the engine passes to generate one ConfigMap or Secret. */
export interface GenerateResourceParams {
  readonly tree: FileTree;
  /** The kustomization directory (tree path); generator files resolve against it. */
  readonly dir: string;
  /** The kustomization file (tree path), named in errors and used as the source. */
  readonly file: string;
  readonly kind: "ConfigMap" | "Secret";
  /** One entry of configMapGenerator / secretGenerator, as parsed. */
  readonly spec: JsonValue;
  /** The kustomization's generatorOptions, if any. */
  readonly generatorOptions?: JsonValue;
  /** The kustomization's namespace field is NOT applied here; the engine does that. */
}

/** Returns the ConfigMap or Secret a generator entry describes. */
export async function generateResource(params: GenerateResourceParams): Promise<RenderResource> {
  throw new RenderError({ file: params.file, code: "render-unsupported", message: `generators in "${params.file}" are not implemented yet` });
}

/** Returns `existing` merged with (or replaced by) `generated` per `generated.generator.behavior`. */
export function mergeGeneratedResource(existing: RenderResource, generated: RenderResource, file: string): RenderResource {
  throw new RenderError({ file, message: `cannot merge "${existing.obj.metadata.name ?? ""}" with "${generated.obj.metadata.name ?? ""}" yet` });
}

/** Returns kustomize's 10-character name hash of a ConfigMap or Secret. */
export function computeNameHash(_obj: KubeObject): string {
  return "0000000000";
}
