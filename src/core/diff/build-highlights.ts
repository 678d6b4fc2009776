import type { DiffHighlights, ImageChange, ReplicaChange, ResourceChange } from "./manifest-diff.ts";

/** Returns the highlights of a diff from its (key-ordered) changes and the image and replica changes. */
export function buildHighlights(changes: readonly ResourceChange[], images: readonly ImageChange[], replicas: readonly ReplicaChange[]): DiffHighlights {
  return {
    images,
    replicas,
    added: changes.filter((c) => c.type === "added").map((c) => c.key),
    removed: changes.filter((c) => c.type === "removed").map((c) => c.key),
    risky: changes.filter((c) => c.risky).map((c) => ({ key: c.key, type: c.type })),
    secrets: changes.filter((c) => c.secretFields.length > 0).map((c) => ({ key: c.key, fields: c.secretFields })),
  };
}
