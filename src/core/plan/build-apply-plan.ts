import type { KubeObject } from "../manifest/kube-object.ts";
import { apiGroup, parseResourceKey, resourceKey, type ResourceKey } from "../manifest/resource-key.ts";
import type { ApplyPlan, ApplyStage, PlanFinding, PlannedObject, PruneItem, StageName } from "./apply-plan.ts";
import { STAGE_NAMES } from "./apply-plan.ts";
import { compareForApply } from "./order-for-apply.ts";
import { FIELD_MANAGER, PRUNE_ANNOTATION, PRUNE_DISABLED } from "./plan-constants.ts";
import { BUILT_IN_SCOPES, groupKind, scopesDefinedBy } from "./resource-scope.ts";

/** What the cluster looks like where the plan needs to know it (all optional). */
export interface LiveState {
  /** Live objects for the prune candidates (inventory keys git no longer has); a missing key is already gone. */
  readonly objects?: ReadonlyMap<ResourceKey, KubeObject>;
  /** Keys of the objects without an owner in each namespace Ferry may prune, as listed from the cluster. */
  readonly namespaceContents?: ReadonlyMap<string, readonly ResourceKey[]>;
}

/** Options of one plan. */
export interface PlanOptions {
  /** Delete what Ferry applied before and git no longer has (settings `apply.prune`). Default true. */
  readonly prune?: boolean;
  /** `group/kind` → namespaced, from the cluster's discovery; built-in kinds are known without it. */
  readonly scopes?: ReadonlyMap<string, boolean>;
  /** Namespace given to namespaced objects that have none (kubectl's context namespace). Default "default". */
  readonly defaultNamespace?: string;
}

/** Inputs of {@link buildApplyPlan}. */
export interface BuildApplyPlanParams {
  /** The rendered objects of the environment at the pinned SHA. */
  readonly desired: readonly KubeObject[];
  /** The keys Ferry recorded as applied for the environment (its inventory), empty on the first apply. */
  readonly inventory: readonly ResourceKey[];
  readonly live?: LiveState;
  readonly options?: PlanOptions;
}

const SEVERITY_RANK = { error: 0, warning: 1, notice: 2 } as const;

/**
 * Returns the ApplyPlan for one environment in one cluster: the desired objects in three
 * stages (Namespaces and CRDs; other cluster-scoped kinds; the rest), each in a fixed
 * kind order, then the prune set (inventory − desired) in reverse order, with the guard
 * rails as findings. Pure and deterministic: the same inputs in any order give the same
 * plan; arguments are never mutated (objects are copied before the namespace is set).
 *
 * @example
 * const plan = buildApplyPlan({ desired, inventory: previous.keys, live: { objects }, options: { prune: env.apply.prune } });
 * if (plan.blocked) return report(plan.findings);
 */
export function buildApplyPlan(params: BuildApplyPlanParams): ApplyPlan {
  const { desired, live = {}, options = {} } = params;
  const findings: PlanFinding[] = [];
  const planScopes = scopesDefinedBy(desired);
  const scopes = new Map([...BUILT_IN_SCOPES, ...(options.scopes ?? []), ...planScopes]);
  const isNamespaced = (group: string, kind: string) => scopes.get(groupKind(group, kind)) ?? true;

  // 1. Refuse an empty render: applying it would prune everything Ferry ever applied.
  if (desired.length === 0) {
    findings.push({ ruleId: "empty-render", severity: "error", resourceKey: undefined, message: "the environment rendered no objects; Ferry refuses to apply an empty render because pruning would delete everything it applied; check the environment's path and kustomization" });
  }

  // 2. Normalise scope, detect duplicates, assign stages.
  const byStage = new Map<StageName, PlannedObject[]>(STAGE_NAMES.map((s) => [s, []]));
  const seen = new Set<ResourceKey>();
  for (const original of desired) {
    const group = apiGroup(original.apiVersion);
    const namespaced = isNamespaced(group, original.kind);
    const object = withScope(original, namespaced, options.defaultNamespace ?? "default");
    const key = resourceKey(object);
    if (seen.has(key)) {
      findings.push({ ruleId: "duplicate-resource", severity: "error", resourceKey: key, message: `${key} is rendered more than once; remove the duplicate so Ferry knows which one to apply` });
      continue;
    }
    seen.add(key);
    const stage: StageName = !namespaced && (isDefinition(group, original.kind)) ? "definitions" : namespaced ? "namespaced" : "cluster";
    byStage.get(stage)?.push({ key, object, definedByPlan: planScopes.has(groupKind(group, original.kind)) });
  }
  const stages: ApplyStage[] = STAGE_NAMES.map((name) => ({ name, objects: (byStage.get(name) ?? []).sort((a, b) => compareForApply(a.key, b.key)) }));

  // 3. The prune set: what Ferry applied before and git no longer has, with guard rails.
  const previous = new Set(params.inventory);
  const candidates = [...previous].filter((k) => !seen.has(k)).sort(compareForApply);
  const prune: PruneItem[] = [];
  const keep: ResourceKey[] = [];
  const release: ResourceKey[] = [];
  for (const key of candidates) {
    const decision = decidePrune({ key, prune: options.prune ?? true, live, previous, desired: seen });
    if (decision.finding) findings.push(decision.finding);
    if (decision.action === "delete") prune.push({ key, apiVersion: decision.apiVersion });
    else if (decision.action === "keep") keep.push(key);
    else release.push(key);
  }
  prune.reverse();

  findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || cmp(a.resourceKey ?? "", b.resourceKey ?? "") || cmp(a.ruleId, b.ruleId));
  return { stages, prune, keep, release, findings, blocked: findings.some((f) => f.severity === "error") };
}

type PruneDecision = { action: "delete"; apiVersion: string | undefined; finding?: PlanFinding } | { action: "keep" | "release"; finding?: PlanFinding };

function decidePrune(p: { key: ResourceKey; prune: boolean; live: LiveState; previous: ReadonlySet<ResourceKey>; desired: ReadonlySet<ResourceKey> }): PruneDecision {
  const { key, live } = p;
  const finding = (ruleId: string, severity: PlanFinding["severity"], message: string): PlanFinding => ({ ruleId, severity, resourceKey: key, message });
  if (!p.prune) return { action: "keep", finding: finding("prune-disabled", "notice", `${key} is no longer in git but stays in the cluster because apply.prune is off`) };
  const obj = live.objects?.get(key);
  if (live.objects && !obj) return { action: "release" };
  if (obj?.metadata.annotations?.[PRUNE_ANNOTATION] === PRUNE_DISABLED) {
    return { action: "release", finding: finding("prune-kept-by-annotation", "notice", `${key} is no longer in git and is kept because it is annotated ${PRUNE_ANNOTATION}: ${PRUNE_DISABLED}; Ferry stops tracking it`) };
  }
  const managers = managersOf(obj);
  if (managers && !managers.includes(FIELD_MANAGER)) {
    return { action: "release", finding: finding("prune-not-owned", "warning", `${key} is no longer in git but is now managed by ${managers.join(", ")}, not Ferry; it is not deleted and Ferry stops tracking it`) };
  }
  const { group, kind, name } = parseResourceKey(key);
  if (group === "" && kind === "Namespace") {
    const inside = [...p.desired].filter((k) => parseResourceKey(k).namespace === name);
    if (inside.length > 0) return { action: "keep", finding: finding("prune-namespace-in-use", "warning", `namespace ${name} is no longer in git but ${inside.length} rendered object(s) live in it (${inside.slice(0, 3).join(", ")}); it is not deleted`) };
    const contents = live.namespaceContents?.get(name);
    if (!contents) return { action: "keep", finding: finding("prune-namespace-unknown", "warning", `namespace ${name} is no longer in git but its contents could not be listed; it is not deleted`) };
    const foreign = contents.filter((k) => !p.previous.has(k) && !isCreatedByCluster(k)).sort(compareForApply);
    if (foreign.length > 0) {
      return { action: "keep", finding: finding("prune-namespace-not-empty", "warning", `namespace ${name} is no longer in git but holds ${foreign.length} object(s) Ferry did not apply (${foreign.slice(0, 3).join(", ")}); it is not deleted; move or delete them and Ferry deletes it on the next apply`) };
    }
  }
  return { action: "delete", apiVersion: obj?.apiVersion };
}

function managersOf(obj: KubeObject | undefined): string[] | undefined {
  const fields = obj?.metadata.managedFields;
  if (!Array.isArray(fields) || fields.length === 0) return undefined;
  const names = fields.map((f) => (typeof f === "object" && f !== null && !Array.isArray(f) && typeof f.manager === "string" ? f.manager : "")).filter((m) => m !== "");
  return [...new Set(names)].sort();
}

// Objects Kubernetes itself puts in every namespace (or derives from others): they do
// not make a namespace "in use" by someone else.
function isCreatedByCluster(key: ResourceKey): boolean {
  const { group, kind, name } = parseResourceKey(key);
  if (group === "" && kind === "ServiceAccount" && name === "default") return true;
  if (group === "" && kind === "ConfigMap" && name === "kube-root-ca.crt") return true;
  return (group === "" && (kind === "Event" || kind === "Endpoints")) || (group === "events.k8s.io" && kind === "Event") || (group === "discovery.k8s.io" && kind === "EndpointSlice");
}

function isDefinition(group: string, kind: string): boolean {
  return (group === "" && kind === "Namespace") || (group === "apiextensions.k8s.io" && kind === "CustomResourceDefinition");
}

function withScope(obj: KubeObject, namespaced: boolean, defaultNamespace: string): KubeObject {
  const ns = obj.metadata.namespace;
  if (namespaced && (ns === undefined || ns === "")) return { ...obj, metadata: { ...obj.metadata, namespace: defaultNamespace } };
  if (!namespaced && ns !== undefined) {
    const { namespace: _dropped, ...metadata } = obj.metadata;
    return { ...obj, metadata };
  }
  return obj;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
