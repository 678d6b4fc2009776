/**
 * Field ownership per manager, following structured-merge-diff's Updater:
 * an apply owns exactly the fields of its configuration, conflicts when it
 * changes a field another manager owns, and (with force) takes the field over;
 * any other write (create, update, patch) takes ownership of what it changed.
 * Defaults the server adds after an apply are owned by nobody.
 */
import { decodeFieldsV1, difference, emptySet, encodeFieldsV1, formatPath, intersect, isEmptySet, memberPaths, union, type FieldNode } from "./field-set.ts";
import { compareObjects, type Comparison, type Json } from "./object-fields.ts";
import { KubeStatusError } from "./status-error.ts";

/** One `metadata.managedFields` entry with its set parsed. */
export interface Manager {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  subresource?: string;
  set: FieldNode;
}

const IGNORED_METADATA = new Set(["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"]);

/** Returns true for the fields no manager ever owns on the main resource (identity, server bookkeeping, status). */
export function ignoredOnMain(fieldPath: readonly string[]): boolean {
  const [first, second] = fieldPath;
  if (fieldPath.length === 1) return first === "apiVersion" || first === "kind" || first === "status";
  return first === "metadata" && fieldPath.length === 2 && IGNORED_METADATA.has(second ?? "");
}

/** Returns true for fields outside `status`, which the status subresource ignores. */
export function ignoredOnStatus(fieldPath: readonly string[]): boolean {
  return fieldPath[0] !== "status";
}

function sameIdentity(a: Manager, b: { manager: string; operation: string; apiVersion: string; subresource?: string }): boolean {
  if (a.manager !== b.manager || a.operation !== b.operation || (a.subresource ?? "") !== (b.subresource ?? "")) return false;
  // Apply entries are one per manager; Update entries are kept per API version as the server does.
  return a.operation === "Apply" || a.apiVersion === b.apiVersion;
}

/** Returns the managers parsed from an object's `metadata.managedFields`. */
export function readManagers(obj: Json): Manager[] {
  const entries = ((obj.metadata as Json | undefined)?.managedFields ?? []) as Json[];
  return entries.map((e) => ({
    manager: String(e.manager ?? ""),
    operation: e.operation === "Apply" ? "Apply" : "Update",
    apiVersion: String(e.apiVersion ?? ""),
    time: String(e.time ?? ""),
    ...(e.subresource ? { subresource: String(e.subresource) } : {}),
    set: decodeFieldsV1(e.fieldsV1),
  }));
}

/** Returns the `metadata.managedFields` array for a list of managers. */
export function renderManagers(managers: readonly Manager[]): Json[] {
  return managers.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    time: m.time,
    fieldsType: "FieldsV1",
    fieldsV1: encodeFieldsV1(m.set),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

function describe(m: Manager): string {
  let out = JSON.stringify(m.manager);
  if (m.subresource) out += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === "Update") out += ` using ${m.apiVersion}`;
  return out;
}

/** Returns the 409 the server answers an apply with when it would change fields other managers own. */
export function applyConflict(conflicts: readonly { manager: Manager; set: FieldNode }[]): KubeStatusError {
  const causes: { reason: string; message: string; field: string }[] = [];
  for (const c of conflicts) {
    for (const path of memberPaths(c.set)) causes.push({ reason: "FieldManagerConflict", message: `conflict with ${describe(c.manager)}`, field: formatPath(path) });
  }
  let body: string;
  if (causes.length === 1) body = `${causes[0]?.message}: ${causes[0]?.field}`;
  else if (conflicts.length === 1) body = `conflicts with ${describe(conflicts[0]!.manager)}:\n${causes.map((c) => `- ${c.field}\n`).join("")}`;
  else body = `conflicts with${conflicts.map((c) => `\n${describe(c.manager)}:\n${memberPaths(c.set).map((p) => `- ${formatPath(p)}\n`).join("")}`).join("")}`;
  const count = causes.length;
  return new KubeStatusError({
    code: 409,
    reason: "Conflict",
    message: `Apply failed with ${count} conflict${count === 1 ? "" : "s"}: ${body}`,
    details: { causes },
  });
}

/**
 * Takes changed and removed fields away from every manager except `self`; returns
 * the fields of other managers that `comparison` changed (the would-be conflicts).
 */
function settle(managers: Manager[], comparison: Comparison, isSelf: (m: Manager) => boolean, force: boolean): { manager: Manager; set: FieldNode }[] {
  const conflicts: { manager: Manager; set: FieldNode }[] = [];
  for (const m of managers) {
    if (isSelf(m)) continue;
    const conflict = intersect(m.set, comparison.changed);
    if (!isEmptySet(conflict)) conflicts.push({ manager: m, set: conflict });
  }
  if (conflicts.length > 0 && !force) return conflicts;
  for (const m of managers) {
    if (isSelf(m)) continue;
    m.set = difference(difference(m.set, comparison.changed), comparison.removed);
  }
  return [];
}

/**
 * Records a non-apply write (create, update, patch, scale) by `manager`; returns
 * the new manager list. Never conflicts: such writes take the fields they change.
 */
export function recordUpdate(params: { managers: readonly Manager[]; before: Json; after: Json; manager: string; apiVersion: string; subresource?: string; time: string }): Manager[] {
  const ignore = params.subresource === "status" ? ignoredOnStatus : ignoredOnMain;
  const comparison = compareObjects(params.before, params.after, ignore);
  const managers = params.managers.map((m) => ({ ...m }));
  const identity = { manager: params.manager, operation: "Update", apiVersion: params.apiVersion, ...(params.subresource ? { subresource: params.subresource } : {}) };
  settle(managers, comparison, (m) => sameIdentity(m, identity), true);
  let self = managers.find((m) => sameIdentity(m, identity));
  if (!self) {
    if (isEmptySet(comparison.changed)) return managers.filter((m) => !isEmptySet(m.set));
    self = { ...identity, operation: "Update", time: params.time, set: emptySet() };
    managers.push(self);
  }
  const next = union(difference(self.set, comparison.removed), comparison.changed);
  if (!isEmptySet(comparison.changed) || !isEmptySet(comparison.removed)) self.time = params.time;
  self.set = next;
  return managers.filter((m) => !isEmptySet(m.set));
}

/**
 * Records an apply: `self` owns `applied`; other managers lose the fields it changed
 * (only with `force`; otherwise returns their conflicts).
 */
export function recordApply(params: { managers: readonly Manager[]; before: Json; after: Json; applied: FieldNode; manager: string; apiVersion: string; force: boolean; time: string }): { managers: Manager[]; conflicts: { manager: Manager; set: FieldNode }[] } {
  const comparison = compareObjects(params.before, params.after, ignoredOnMain);
  const managers = params.managers.map((m) => ({ ...m }));
  const isSelf = (m: Manager): boolean => m.manager === params.manager && m.operation === "Apply" && !m.subresource;
  const conflicts = settle(managers, comparison, isSelf, params.force);
  if (conflicts.length > 0) return { managers: [...params.managers], conflicts };
  const index = managers.findIndex(isSelf);
  const previous = index >= 0 ? managers[index] : undefined;
  const unchanged = previous !== undefined && previous.apiVersion === params.apiVersion && isEmptySet(difference(previous.set, params.applied)) && isEmptySet(difference(params.applied, previous.set));
  const entry: Manager = { manager: params.manager, operation: "Apply", apiVersion: params.apiVersion, time: unchanged && isEmptySet(comparison.changed) && isEmptySet(comparison.removed) ? previous.time : params.time, set: params.applied };
  if (index >= 0) managers[index] = entry;
  else managers.push(entry);
  return { managers: managers.filter((m) => !isEmptySet(m.set)), conflicts: [] };
}
