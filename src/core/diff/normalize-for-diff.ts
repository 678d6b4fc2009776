import { isJsonObject, type JsonObject, type JsonValue, type KubeObject } from "../manifest/kube-object.ts";
import { sortKeys } from "./canonical-json.ts";

// Fields the API server owns: they differ between any two reads and say nothing about
// what git asks for, so they never count as a change.
const SERVER_METADATA = ["creationTimestamp", "generation", "resourceVersion", "uid", "managedFields", "selfLink"];

/**
 * Returns the object as compared and shown: `status` and server-owned metadata dropped,
 * empty labels/annotations dropped, keys in canonical order. Both sides of a diff go
 * through this same function. Never mutates its argument.
 */
export function normalizeForDiff(obj: KubeObject): KubeObject {
  const copy: JsonObject = { ...obj };
  delete copy.status;
  const metadata: JsonObject = isJsonObject(obj.metadata) ? { ...obj.metadata } : {};
  for (const field of SERVER_METADATA) delete metadata[field];
  for (const field of ["labels", "annotations"]) {
    const value = metadata[field];
    if (value === null || (isJsonObject(value) && Object.keys(value).length === 0)) delete metadata[field];
  }
  copy.metadata = metadata;
  return sortKeys(copy as JsonValue) as KubeObject;
}
