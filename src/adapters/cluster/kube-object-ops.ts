import type { KubeObject } from "../../core/manifest/kube-object.ts";
import type { ResourceKey } from "../../core/manifest/resource-key.ts";
import { FIELD_MANAGER, type FieldConflict, type ObjectResult } from "../../core/plan/index.ts";
import type { ServedResource } from "./kube-discovery.ts";
import { statusOf, type KubeHttp } from "./kube-http.ts";
import { maskSecretValues } from "./mask-secret-values.ts";

/** One object's address on the server. `name` "" addresses the collection. */
export interface Target {
  readonly served: ServedResource;
  readonly namespace: string;
  readonly name: string;
}

/** Returns the URL path of an object (or of its collection when `name` is ""). */
export function objectPath(t: Target): string {
  const base = t.served.apiVersion.includes("/") ? `/apis/${t.served.apiVersion}` : `/api/${t.served.apiVersion}`;
  const ns = t.served.namespaced ? `/namespaces/${encodeURIComponent(t.namespace)}` : "";
  return `${base}${ns}/${t.served.plural}${t.name ? `/${encodeURIComponent(t.name)}` : ""}`;
}

/**
 * Server-side applies one object (PATCH application/apply-patch+yaml, fieldManager
 * ferry) and returns its result; HTTP errors become a failed result with the server's
 * reason (secret values masked) and, on 409, the conflicting fields and their managers.
 */
export async function applyObject(p: { http: KubeHttp; target: Target; object: KubeObject; key: ResourceKey; dryRun: boolean; force: boolean; stage: ObjectResult["stage"]; live?: KubeObject }): Promise<ObjectResult> {
  const res = await p.http.send({
    method: "PATCH",
    path: objectPath(p.target),
    query: { fieldManager: FIELD_MANAGER, force: String(p.force), dryRun: p.dryRun ? "All" : undefined, fieldValidation: "Strict" },
    // JSON is YAML, so the apply-patch+yaml body can be the object's JSON.
    body: JSON.stringify(p.object),
    contentType: "application/apply-patch+yaml",
    operation: p.dryRun ? "dry-run apply" : "apply",
    resourceKey: p.key,
    // Only a dry-run against a live object compares the answer; otherwise a success's
    // body (the whole object) goes unread, so it is not parsed.
    successBody: p.live !== undefined,
  });
  // The API server leaves an object untouched by a no-op apply (same resourceVersion and
  // managedFields), so a dry-run answer equal to the live object means "nothing to do".
  if (res.status === 200 && p.live && sameJson(res.body, p.live)) return { key: p.key, stage: p.stage, action: "unchanged", httpStatus: 200 };
  if (res.status === 200 || res.status === 201) return { key: p.key, stage: p.stage, action: res.status === 201 ? "created" : "configured", httpStatus: res.status };
  const s = statusOf(res.body);
  const message = maskSecretValues(`${s.reason || `HTTP ${res.status}`}: ${s.message || "no message"}`, p.object);
  if (res.status === 409) {
    const conflicts: FieldConflict[] = s.causes.filter((c) => c.reason === "FieldManagerConflict").map((c) => ({ field: c.field, manager: /conflict with "([^"]+)"/.exec(c.message)?.[1] ?? c.message }));
    const hint = "; another field manager owns these fields: remove them from git, or have that manager release them";
    return { key: p.key, stage: p.stage, action: "failed", httpStatus: 409, message: `${message}${hint}`, conflicts };
  }
  return { key: p.key, stage: p.stage, action: "failed", httpStatus: res.status, message };
}

/** Deletes one object (background propagation) and returns its prune result; 404 is `gone`. */
export async function deleteObject(p: { http: KubeHttp; target: Target; key: ResourceKey; dryRun: boolean }): Promise<ObjectResult> {
  const res = await p.http.send({ method: "DELETE", path: objectPath(p.target), query: { propagationPolicy: "Background", dryRun: p.dryRun ? "All" : undefined }, operation: "delete", resourceKey: p.key });
  if (res.status === 404) return { key: p.key, stage: "prune", action: "gone" };
  if (res.status === 200 || res.status === 202) return { key: p.key, stage: "prune", action: "deleted", httpStatus: res.status };
  const s = statusOf(res.body);
  return { key: p.key, stage: "prune", action: "failed", httpStatus: res.status, message: `${s.reason || `HTTP ${res.status}`}: ${s.message || "no message"}` };
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
