import { RenderError } from "../../errors.ts";
import type { JsonObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec, type FieldSpec } from "./field-spec.ts";
import type { RenderResource } from "./render-resource.ts";
import { cloneObject, currentName, describeResource, idOf, isClusterScoped } from "./resource-id.ts";

/** Which RoleBinding / ClusterRoleBinding subjects get the namespace (kustomize's setRoleBindingSubjects). */
export const ROLE_BINDING_SUBJECT_MODES = ["defaultOnly", "allServiceAccounts", "none"] as const;
export type RoleBindingSubjectMode = (typeof ROLE_BINDING_SUBJECT_MODES)[number];

/** One namespace transformer: the kustomization's `namespace:` or a NamespaceTransformer config. */
export interface NamespaceOptions {
  readonly namespace: string;
  /** Field specs besides metadata.namespace (the merged `namespace` configuration). */
  readonly specs: readonly FieldSpec[];
  /** Only set fields that are missing or empty. */
  readonly unsetOnly?: boolean;
  readonly subjects?: RoleBindingSubjectMode;
  /** Names the kustomization or plugin config in errors. */
  readonly file: string;
}

const isRoleBinding = (kind: string | undefined): boolean => kind === "RoleBinding" || kind === "ClusterRoleBinding";

/**
 * Returns `resources` moved into the namespace as kustomize's namespace transformer does:
 * metadata.namespace on every type kustomize does not know as cluster-scoped, the
 * subjects of (Cluster)RoleBindings by `subjects` mode (default: those named "default"),
 * and every other field the specs name (a v1 Namespace's name, APIService and CRD
 * conversion services, webhook services from `configurations:`). Throws when two
 * resources end up with one id.
 */
export function applyNamespace(resources: readonly RenderResource[], options: NamespaceOptions): RenderResource[] {
  const { namespace, file } = options;
  const set = (parent: JsonObject, key: string): void => {
    const current = parent[key];
    if (options.unsetOnly === true && current !== undefined && current !== null && current !== "") return;
    parent[key] = namespace;
  };
  // metadata.namespace is handled by scope, never by spec (a spec would reach cluster-scoped kinds).
  const specs = options.specs.filter((s) => s.path !== "metadata/namespace").map(compileFieldSpec);
  const out: RenderResource[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    const obj = cloneObject(resource.obj);
    if (!isClusterScoped(obj)) set(obj.metadata as JsonObject, "namespace");
    if (isRoleBinding(obj.kind)) setSubjects(obj.subjects, options.subjects ?? "defaultOnly", set);
    for (const spec of specs) {
      // kustomize renames only a core v1 Namespace, whatever kind the spec names.
      if (spec.path === "metadata/name" && obj.apiVersion !== "v1") continue;
      if (isRoleBinding(spec.kind) && spec.path === "subjects" && isRoleBinding(obj.kind)) continue;
      if (fieldSpecSelects(spec, obj)) visitFieldSpec(obj, spec, set);
    }
    const id = idOf(obj);
    if (seen.has(id)) {
      throw new RenderError({
        file,
        message: `namespace "${namespace}" in "${file}" gives two resources the same id (${describeResource(obj)}); rename one of them or drop the namespace field`,
      });
    }
    seen.add(id);
    out.push({ ...resource, obj, history: [...resource.history, currentName(resource)] });
  }
  return out;
}

function setSubjects(subjects: unknown, mode: RoleBindingSubjectMode, set: (parent: JsonObject, key: string) => void): void {
  if (mode === "none" || !Array.isArray(subjects)) return;
  for (const subject of subjects) {
    if (!isJsonObject(subject)) continue;
    const chosen = mode === "defaultOnly" ? subject.name === "default" : subject.kind === "ServiceAccount";
    if (chosen) set(subject, "namespace");
  }
}
