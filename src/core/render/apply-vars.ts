import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { apiGroup } from "../manifest/resource-key.ts";
import type { RenderResource } from "./render-resource.ts";
import { RenderError } from "../../errors.ts";
import { findFieldSlots, readSlot, splitFieldPath, writeSlot } from "./field-path.ts";

/** A var declared by a kustomization, bound to the resource its objRef matched when declared. */
export interface BoundVar {
  readonly name: string;
  readonly fieldPath: string;
  readonly file: string;
  /** The matched resource by kind, original name/namespace and source file; undefined when nothing matched. */
  readonly bound?: { readonly kind: string; readonly group: string; readonly name: string; readonly namespace: string; readonly source: string };
}

/**
 * Returns the vars accumulated so far plus the vars declared in `raw` (a kustomization's
 * `vars` field, declared in `file`), each bound to the one resource of `resources` its
 * objRef matches by current or original name, as kustomize's MergeVars does. Duplicate
 * names and ambiguous objRefs are errors.
 */
export function bindVars(params: { resources: readonly RenderResource[]; accumulated: readonly BoundVar[]; raw: JsonValue; file: string }): BoundVar[] {
  const { resources, raw, file } = params;
  if (!Array.isArray(raw)) throw new RenderError({ file, message: `vars in "${file}" must be a list` });
  const out = [...params.accumulated];
  const names = new Set(out.map((v) => v.name));
  for (const v of raw) {
    if (!isJsonObject(v) || typeof v.name !== "string" || !isJsonObject(v.objref)) throw new RenderError({ file, message: `var in "${file}" needs name and objref` });
    if (names.has(v.name)) throw new RenderError({ file, message: `var "${v.name}" in "${file}" is already defined; var names must be unique across the build` });
    names.add(v.name);
    const ref = v.objref;
    const kind = typeof ref.kind === "string" ? ref.kind : "";
    const refName = typeof ref.name === "string" ? ref.name : "";
    const ns = typeof ref.namespace === "string" ? ref.namespace : "";
    const group = typeof ref.group === "string" ? ref.group : typeof ref.apiVersion === "string" ? apiGroup(ref.apiVersion) : undefined;
    const matched = resources.filter((r) => {
      const o = r.obj;
      if (o.kind !== kind || (group !== undefined && apiGroup(o.apiVersion) !== group)) return false;
      const names = [o.metadata.name ?? "", ...r.history.map((h) => h.name)];
      const spaces = [o.metadata.namespace ?? "", ...r.history.map((h) => h.namespace ?? "")];
      return names.includes(refName) && (ns === "" || spaces.includes(ns));
    });
    if (matched.length > 1) throw new RenderError({ file, message: `var "${v.name}" in "${file}" matches ${matched.length} resources; add objref.namespace to pick one` });
    const fieldref = isJsonObject(v.fieldref) && typeof v.fieldref.fieldpath === "string" && v.fieldref.fieldpath !== "" ? v.fieldref.fieldpath : "metadata.name";
    const m = matched[0];
    out.push({ name: v.name, fieldPath: fieldref, file, bound: m ? { kind, group: apiGroup(m.obj.apiVersion), ...original(m), source: m.source } : undefined });
  }
  return out;
}

function original(r: RenderResource): { name: string; namespace: string } {
  const h = r.history[0];
  return h ? { name: h.name, namespace: h.namespace ?? "" } : { name: r.obj.metadata.name ?? "", namespace: r.obj.metadata.namespace ?? "" };
}

// Where kustomize v5.5's default varReference config substitutes `$(VAR)`, checked field by
// field against `kubectl kustomize` (fixtures/render/vars-default-fields): container
// command, args, env values and mount paths in every workload kind's pod spec, NFS servers
// (a StatefulSet's only in its claim templates), Service ports, Ingress hosts and TLS, a
// PersistentVolume's NFS server, every object's labels and annotations, and, only for
// Deployments, the pod template's annotations. Not ConfigMap data, and not custom kinds.
const CONTAINER_FIELDS = ["command.*", "args.*", "env.*.value", "volumeMounts.*.mountPath"];
const POD_SPEC_OF: Readonly<Record<string, string>> = {
  Pod: "spec",
  Deployment: "spec.template.spec",
  DaemonSet: "spec.template.spec",
  ReplicaSet: "spec.template.spec",
  Job: "spec.template.spec",
  StatefulSet: "spec.template.spec",
  CronJob: "spec.jobTemplate.spec.template.spec",
};
const EXTRA_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["spec.template.metadata.annotations.*"],
  StatefulSet: ["spec.volumeClaimTemplates.*.spec.nfs.server"],
  Service: ["spec.ports.*.port", "spec.ports.*.targetPort"],
  Ingress: ["spec.rules.*.host", "spec.tls.*.hosts.*", "spec.tls.*.secretName"],
  PersistentVolume: ["spec.nfs.server"],
};

/** Returns the field paths kustomize's default varReference config substitutes in `obj`. */
function varReferencePaths(obj: KubeObject): string[] {
  const paths = ["metadata.labels.*", "metadata.annotations.*", ...(EXTRA_PATHS[obj.kind] ?? [])];
  const pod = POD_SPEC_OF[obj.kind];
  if (pod !== undefined) {
    for (const list of ["containers", "initContainers"]) for (const f of CONTAINER_FIELDS) paths.push(`${pod}.${list}.*.${f}`);
    if (obj.kind !== "StatefulSet") paths.push(`${pod}.volumes.*.nfs.server`);
  }
  return paths;
}

/**
 * Returns `resources` with every `$(VAR)` in kustomize's var reference fields (container
 * command/args/env values, ConfigMap data, Ingress hosts) replaced by the
 * var's value, read from the bound resource after all transforms. `$$(VAR)` stays
 * literal `$(VAR)`. A var whose resource is gone is an error. Never mutates arguments.
 */
export function applyVars(resources: readonly RenderResource[], vars: readonly BoundVar[]): RenderResource[] {
  if (vars.length === 0) return [...resources];
  const values = new Map<string, JsonValue>();
  for (const v of vars) {
    const r = v.bound && resources.find((res) => res.obj.kind === v.bound?.kind && res.source === v.bound.source && original(res).name === v.bound.name && original(res).namespace === v.bound.namespace);
    if (!r) throw new RenderError({ file: v.file, message: `var "${v.name}" in "${v.file}" cannot be mapped to a field in the set of known resources; check its objref` });
    const slot = findFieldSlots(r.obj, splitFieldPath(v.fieldPath), false)[0];
    const value = slot && readSlot(slot);
    if (value === undefined) throw new RenderError({ file: v.file, message: `var "${v.name}" in "${v.file}": field "${v.fieldPath}" is missing in ${r.obj.kind} "${r.obj.metadata.name ?? ""}"` });
    values.set(v.name, value);
  }
  return resources.map((res) => {
    let copy: KubeObject | undefined;
    for (const path of varReferencePaths(res.obj)) {
      const target = copy ?? res.obj;
      for (const slot of findFieldSlots(target, splitFieldPath(path), false)) {
        const current = readSlot(slot);
        if (typeof current !== "string" || !current.includes("$(")) continue;
        copy ??= structuredClone(res.obj);
        const owned = findFieldSlots(copy, splitFieldPath(path), false);
        for (const s of owned) {
          const v = readSlot(s);
          if (typeof v === "string") writeSlot(s, expand(v, values));
        }
        break;
      }
    }
    return copy ? { ...res, obj: copy } : res;
  });
}

/** Expands $(NAME) like Kubernetes' expansion: `$$` escapes, unknown names stay as written. */
function expand(text: string, values: ReadonlyMap<string, JsonValue>): JsonValue {
  const whole = /^\$\(([^)]+)\)$/.exec(text);
  if (whole && values.has(whole[1] as string)) return values.get(whole[1] as string) as JsonValue;
  return text.replace(/\$\$|\$\(([^)]*)\)/g, (m, name: string | undefined) => {
    if (m === "$$") return "$";
    const v = name === undefined ? undefined : values.get(name);
    return v === undefined ? m : typeof v === "string" ? v : JSON.stringify(v);
  });
}
