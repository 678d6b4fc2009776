import type { KubeObject } from "../manifest/kube-object.ts";
import type { AnnotationTexts } from "./annotation-text.ts";

/** A name a resource had at some point of the build (kustomize's "previous ids"). */
export interface ResourceName {
  readonly name: string;
  readonly namespace: string | undefined;
}

/**
 * A resource while a kustomization is being built. Transformers return new
 * RenderResources; they never mutate one.
 */
export interface RenderResource {
  /** The object as it would be emitted now. */
  readonly obj: KubeObject;
  /** The repository file the object was read from (or the kustomization that generated it). */
  readonly source: string;
  /**
   * Earlier names and namespaces, oldest first, before prefix/suffix, namespace and hash
   * suffix transforms: kustomize resolves name references and patch targets through them.
   */
  readonly history: readonly ResourceName[];
  /** Set on ConfigMaps and Secrets made by a generator. */
  readonly generator?: { readonly behavior: "create" | "merge" | "replace"; readonly hashSuffix: boolean };
  /**
   * The non-empty namePrefix / nameSuffix values applied to this resource, innermost
   * kustomization first. kustomize only rewrites a name reference to a resource whose
   * affixes end the same way as the referrer's, when several candidates share a name.
   */
  readonly prefixes?: readonly string[];
  readonly suffixes?: readonly string[];
  /**
   * The source text of top-level annotation values read as something other than a
   * string (`1.50`, `0x10`, `~`): kustomize prints that text. Dropped when the object
   * goes through JSON (a JSON 6902 patch).
   */
  readonly annotationText?: AnnotationTexts;
}
