/**
 * Server-side printing: answers `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`
 * with NAME and AGE columns, which is what `kubectl get` shows by default.
 */
import type { Json } from "./object-fields.ts";

function age(created: unknown): string {
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(String(created))) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

/** Returns a `meta.k8s.io/v1` Table for a single object or a list. */
export function toTable(body: Json, apiVersion: string, kind: string): Json {
  const items = Array.isArray(body.items) ? (body.items as Json[]) : [body];
  const list = Array.isArray(body.items) ? ((body.metadata as Json | undefined) ?? {}) : {};
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    // A page of a list keeps its continue token (and count), or kubectl get stops after
    // its first chunk of 500; a single object's Table has no list metadata.
    metadata: {
      resourceVersion: (body.metadata as Json | undefined)?.resourceVersion ?? "",
      ...(list.continue !== undefined && { continue: list.continue }),
      ...(list.remainingItemCount !== undefined && { remainingItemCount: list.remainingItemCount }),
    },
    columnDefinitions: [
      { name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.", priority: 0 },
      { name: "Age", type: "string", format: "", description: "CreationTimestamp is a timestamp representing the server time when this object was created.", priority: 0 },
    ],
    rows: items.map((o) => ({
      cells: [(o.metadata as Json).name, age((o.metadata as Json).creationTimestamp)],
      object: { ...o, apiVersion, kind },
    })),
  };
}
