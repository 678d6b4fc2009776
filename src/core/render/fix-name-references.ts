import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { compileFieldSpec, fieldSpecSelects, visitFieldSpec, type CompiledFieldSpec } from "./field-spec.ts";
import type { RenderResource } from "./render-resource.ts";
import type { NameBackReference } from "./transformer-config.ts";
import { cloneObject, describeResource, effectiveNamespace, isClusterScoped } from "./resource-id.ts";

interface Referrer {
  readonly target: number;
  readonly spec: CompiledFieldSpec;
}

const referrerIndexes = new WeakMap<readonly NameBackReference[], ReadonlyMap<string, readonly Referrer[]>>();

/** Returns the referrer specs of `refs` by referrer kind ("" for specs of any kind), compiled once per config. */
function referrersByKind(refs: readonly NameBackReference[]): ReadonlyMap<string, readonly Referrer[]> {
  const cached = referrerIndexes.get(refs);
  if (cached) return cached;
  const map = new Map<string, Referrer[]>();
  refs.forEach((ref, target) => {
    for (const spec of ref.referrers) {
      const kind = spec.kind ?? "";
      const list = map.get(kind) ?? [];
      // The name reference filter only rewrites fields that exist.
      list.push({ target, spec: compileFieldSpec({ ...spec, create: false }) });
      map.set(kind, list);
    }
  });
  referrerIndexes.set(refs, map);
  return map;
}

function selectsTarget(ref: Pick<NameBackReference, "group" | "version" | "kind">, obj: KubeObject): boolean {
  return fieldSpecSelects(ref, obj);
}

function orgNamespace(r: RenderResource): string {
  const first = r.history[0];
  return effectiveNamespace(r.obj, first ? first.namespace : r.obj.metadata.namespace);
}

function sameEnding(a: readonly string[], b: readonly string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const diff = long.length - short.length;
  if (short.length === 0) return diff === 0;
  for (let i = short.length - 1; i >= 0; i--) if (long[i + diff] !== short[i]) return false;
  return true;
}

/**
 * Returns `resources` with every built-in name reference (ConfigMaps and Secrets in pod
 * templates, ServiceAccounts in RoleBinding subjects, Services in Ingress backends, …)
 * rewritten to the referred object's final name, as kustomize's name reference
 * transformer does after prefixes, suffixes and hash suffixes are applied. A reference
 * is rewritten only to an object that was once called by that name; ambiguity is an
 * error, as in kustomize. Linear in resources: candidates are indexed by old name.
 */
export function fixNameReferences(resources: readonly RenderResource[], file: string, nameReference: readonly NameBackReference[]): RenderResource[] {
  const byKind = referrersByKind(nameReference);
  // Index: target kind config → an earlier name → the resources that once had it.
  const index = nameReference.map(() => new Map<string, RenderResource[]>());
  for (const r of resources) {
    if (r.history.length === 0) continue;
    nameReference.forEach((ref, t) => {
      if (!selectsTarget(ref, r.obj)) return;
      const map = index[t] as Map<string, RenderResource[]>;
      const names = new Set(r.history.map((h) => h.name));
      for (const name of names) {
        const list = map.get(name) ?? [];
        list.push(r);
        map.set(name, list);
      }
    });
  }

  return resources.map((referrer) => {
    const referrers = [...(byKind.get(referrer.obj.kind) ?? []), ...(byKind.get("") ?? [])].filter((r) => fieldSpecSelects(r.spec, referrer.obj));
    if (referrers.length === 0) return referrer;
    const ctx = new ReferrerContext(referrer, file);
    // Copy only objects holding a name some renamed resource once had (most hold none).
    let candidates = false;
    for (const { target, spec } of referrers) {
      const byName = index[target] as Map<string, RenderResource[]>;
      visitFieldSpec(referrer.obj, spec, (parent, key) => {
        if (ctx.hasCandidates(parent[key], byName, spec.path)) candidates = true;
      });
    }
    if (!candidates) return referrer;
    const obj = cloneObject(referrer.obj);
    for (const { target, spec } of referrers) {
      const byName = index[target] as Map<string, RenderResource[]>;
      visitFieldSpec(obj, spec, (parent, key) => ctx.fix(parent, key, byName, spec.path));
    }
    return { ...referrer, obj };
  });
}

class ReferrerContext {
  private readonly referrer: RenderResource;
  private readonly file: string;
  private readonly clusterScoped: boolean;
  private readonly namespace: string;
  private readonly subjectNamespaces: ReadonlySet<string>;

  constructor(referrer: RenderResource, file: string) {
    this.referrer = referrer;
    this.file = file;
    this.clusterScoped = isClusterScoped(referrer.obj);
    this.namespace = effectiveNamespace(referrer.obj, referrer.obj.metadata.namespace);
    const namespaces = new Set<string>();
    if (referrer.obj.kind === "RoleBinding" && Array.isArray(referrer.obj.subjects)) {
      for (const s of referrer.obj.subjects) {
        if (isJsonObject(s) && s.kind === "ServiceAccount" && typeof s.namespace === "string") namespaces.add(s.namespace);
      }
    }
    this.subjectNamespaces = namespaces;
  }

  /**
   * Returns true when a name in `value` (a name, a `{name}` map, or a list of either) is
   * an earlier name of some resource; throws for a map without a name, as kustomize does.
   */
  hasCandidates(value: JsonValue | undefined, byName: Map<string, RenderResource[]>, path: string): boolean {
    if (typeof value === "string") return byName.has(value);
    if (Array.isArray(value)) return value.some((item) => this.hasCandidates(item, byName, path));
    if (!isJsonObject(value)) return false;
    if (value.name === undefined) {
      throw new RenderError({ file: this.file, message: `"${path}" of ${describeResource(this.referrer.obj)} is a map without a name, where kustomize expects a reference to a named object; give it a name or remove the map` });
    }
    return typeof value.name === "string" && byName.has(value.name);
  }

  fix(parent: JsonObject, key: string, byName: Map<string, RenderResource[]>, path: string): void {
    const value = parent[key];
    if (typeof value === "string") {
      const referral = this.select(value, byName.get(value) ?? [], path, false);
      if (referral) parent[key] = referral.obj.metadata.name ?? value;
    } else if (isJsonObject(value)) {
      this.fixMapping(value, byName, path);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item === "string") {
          const referral = this.select(item, byName.get(item) ?? [], path, false);
          if (referral) value[i] = referral.obj.metadata.name ?? item;
        } else if (isJsonObject(item)) {
          this.fixMapping(item, byName, path);
        }
      });
    }
  }

  private fixMapping(node: JsonObject, byName: Map<string, RenderResource[]>, path: string): void {
    // hasCandidates has refused maps without a name: kustomize checks every referring map,
    // renamed candidates or not (a url webhook whose `service` a namespace spec created).
    const oldName = node.name;
    if (typeof oldName !== "string") return;
    let candidates = byName.get(oldName) ?? [];
    const ns = node.namespace;
    if (typeof ns === "string") {
      const byOriginal = candidates.filter((c) => this.couldRefer(c) && orgNamespace(c) === effectiveNamespace(c.obj, ns));
      candidates = byOriginal.length > 0 ? byOriginal : candidates.filter((c) => effectiveNamespace(c.obj, c.obj.metadata.namespace) === effectiveNamespace(c.obj, ns));
    }
    const referral = this.select(oldName, candidates, path, true);
    if (!referral) return;
    const newNs = referral.obj.metadata.namespace;
    if (referral.obj.metadata.name === oldName && (newNs === undefined || newNs === "")) return;
    node.name = referral.obj.metadata.name ?? oldName;
    if (newNs !== undefined && newNs !== "") node.namespace = newNs;
  }

  /** kustomize's SubsetThatCouldBeReferencedByResource and sameCurrentNamespaceAsReferrer. */
  private couldRefer(candidate: RenderResource): boolean {
    if (this.clusterScoped || isClusterScoped(candidate.obj)) return true;
    const ns = effectiveNamespace(candidate.obj, candidate.obj.metadata.namespace);
    if (ns === this.namespace) return true;
    return candidate.obj.kind === "ServiceAccount" && this.subjectNamespaces.has(candidate.obj.metadata.namespace ?? "");
  }

  private select(oldName: string, all: readonly RenderResource[], path: string, compareNamespaces: boolean): RenderResource | undefined {
    let candidates = all.filter((c) => this.couldRefer(c));
    if (path.endsWith("roleRef/name")) {
      const roleRef = this.referrer.obj.roleRef;
      if (isJsonObject(roleRef) && typeof roleRef.kind === "string" && typeof roleRef.apiGroup === "string") {
        const { kind, apiGroup } = roleRef;
        candidates = candidates.filter((c) => c.obj.kind === kind && groupOf(c.obj.apiVersion) === apiGroup);
      }
    }
    if (candidates.length === 1) return candidates[0];
    candidates = candidates.filter((c) => sameEnding(c.prefixes ?? [], this.referrer.prefixes ?? []) && sameEnding(c.suffixes ?? [], this.referrer.suffixes ?? []));
    if (candidates.length === 1) return candidates[0];
    if (candidates.length === 0) return undefined;
    const first = candidates[0] as RenderResource;
    const identical = candidates.every((c) => c.obj.metadata.name === first.obj.metadata.name && (!compareNamespaces || c.obj.metadata.namespace === first.obj.metadata.namespace));
    if (identical) return first;
    throw new RenderError({
      file: this.file,
      message: `the reference to "${oldName}" at "${path}" of ${describeResource(this.referrer.obj)} could mean any of ${candidates.map((c) => describeResource(c.obj)).join(", ")}; give them distinct names`,
    });
  }
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

