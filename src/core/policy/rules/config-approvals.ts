import { isJsonObject, type JsonObject } from "../../manifest/kube-object.ts";
import { resourceKey } from "../../manifest/resource-key.ts";
import { GENERATED_NAME } from "../../diff/pair-renames.ts";
import { describeExcluded, headOf, qualifyingApprovers } from "../approvals.ts";
import { matchGlob } from "../match-glob.ts";
import type { PolicyInput } from "../policy-input.ts";
import type { PolicyRule, RuleFinding } from "../policy-rule.ts";
import { listPodTemplates, type PodTemplate } from "../workloads.ts";

/**
 * `config-approvals`: a change to ConfigMaps, or to files matching `policy.config.paths`,
 * needs `policy.config.approvals` approving reviews on the head commit by people other
 * than the author and the pushers. Sub-check `mounted-configmaps` (warning by default):
 * a ConfigMap a workload mounts or reads should carry a generated hash suffix or be
 * immutable, so a change rolls the pods instead of changing files under them.
 */
export const configApprovalsRule: PolicyRule = {
  id: "config-approvals",
  description: "configuration changes have the configured number of approvals",
  defaultSeverity: "error",
  checkSeverities: { "mounted-configmaps": "warning" },
  evaluate(input) {
    return [...approvalFindings(input), ...mountedFindings(input)];
  },
};

function approvalFindings(input: PolicyInput): RuleFinding[] {
  const { approvals: needed, paths } = input.settings.policy.config;
  if (needed === 0) return [];
  const changed = new Set<string>();
  for (const c of input.diff?.changes ?? []) if (c.kind === "ConfigMap" && c.group === "") changed.add(`ConfigMap ${c.namespace ? `${c.namespace}/` : ""}${c.name}`);
  // Without a diff (no base, or it failed to render) every ConfigMap counts as changed: fail closed.
  if (!input.diff && input.after.ok) {
    for (const r of input.after.resources) if (r.object.kind === "ConfigMap" && r.object.apiVersion === "v1") changed.add(`ConfigMap ${r.object.metadata.namespace ? `${r.object.metadata.namespace}/` : ""}${r.object.metadata.name ?? ""}`);
  }
  for (const f of input.changedFiles) if (paths.some((p) => matchGlob(p, f.path))) changed.add(f.path);
  if (changed.size === 0) return [];
  const list = [...changed].sort();
  const what = list.length === 1 ? (list[0] as string) : `${list.length} configuration items (${list.slice(0, 5).join(", ")}${list.length > 5 ? ", …" : ""})`;
  const approvals = `${needed} approving review${needed === 1 ? "" : "s"}`;
  if (!input.reviews) return [{ resourceKey: "", maxSeverity: "notice", message: `this change touches ${what}; it will need ${approvals} (reviews are not checked locally)` }];
  const have = qualifyingApprovers(input);
  if (have.length >= needed) return [];
  const so = have.length === 0 ? "none yet" : `${have.length} so far: ${have.map((l) => `@${l}`).join(", ")}`;
  return [{ resourceKey: "", message: `waiting for ${needed - have.length} more approving review${needed - have.length === 1 ? "" : "s"} on ${headOf(input)} from anyone with review rights${describeExcluded(input)} (${approvals} needed, ${so}): this change touches ${what}` }];
}

function mountedFindings(input: PolicyInput): RuleFinding[] {
  if (!input.after.ok) return [];
  const configMaps = new Map<string, { obj: JsonObject; file: string }>();
  for (const r of input.after.resources) {
    if (r.object.kind === "ConfigMap" && !r.object.apiVersion.includes("/")) configMaps.set(`${r.object.metadata.namespace ?? ""}/${r.object.metadata.name ?? ""}`, { obj: r.object, file: r.source.file });
  }
  const out: RuleFinding[] = [];
  const seen = new Set<string>();
  for (const pod of listPodTemplates(input.after.resources)) {
    const namespace = pod.key.split("/")[2] ?? "";
    for (const name of configMapsUsedBy(pod)) {
      const id = `${namespace}/${name}`;
      const cm = configMaps.get(id);
      if (!cm || seen.has(id) || GENERATED_NAME.test(name) || cm.obj.immutable === true) continue;
      seen.add(id);
      out.push({ check: "mounted-configmaps", resourceKey: resourceKey(cm.obj as never), file: cm.file, message: `ConfigMap ${id.replace(/^\//, "")} is used by ${pod.kind} ${pod.key.split("/").slice(3).join("/")} but has no generated hash suffix and is not immutable, so a change will not roll its pods; generate it with configMapGenerator or set immutable: true` });
    }
  }
  return out;
}

/** Returns the names of the ConfigMaps a pod template mounts or reads (volumes, projected volumes, envFrom, env). */
function configMapsUsedBy(pod: PodTemplate): string[] {
  const names: string[] = [];
  const add = (ref: unknown) => {
    if (isJsonObject(ref) && typeof ref.name === "string") names.push(ref.name);
  };
  for (const v of Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []) {
    if (!isJsonObject(v)) continue;
    add(v.configMap);
    const sources = isJsonObject(v.projected) && Array.isArray(v.projected.sources) ? v.projected.sources : [];
    for (const s of sources) if (isJsonObject(s)) add(s.configMap);
  }
  for (const list of ["initContainers", "containers"]) {
    for (const c of Array.isArray(pod.spec[list]) ? (pod.spec[list] as unknown[]) : []) {
      if (!isJsonObject(c)) continue;
      for (const e of Array.isArray(c.envFrom) ? c.envFrom : []) if (isJsonObject(e)) add(e.configMapRef);
      for (const e of Array.isArray(c.env) ? c.env : []) if (isJsonObject(e) && isJsonObject(e.valueFrom)) add(e.valueFrom.configMapKeyRef);
    }
  }
  return [...new Set(names)].sort();
}
