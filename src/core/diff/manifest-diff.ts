import type { JsonValue } from "../manifest/kube-object.ts";
import type { ResourceKey } from "../manifest/resource-key.ts";

/** How one resource differs between the two sides. */
export const CHANGE_TYPES = ["added", "removed", "changed", "renamed"] as const;
/** How one resource differs between the two sides. */
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** One RFC 6902 operation of a resource's structured change (values already redacted). */
export interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: JsonValue;
}

/** A masked secret field whose presence or value differs; never carries the value. */
export interface SecretFieldChange {
  /** JSON pointer of the masked field, e.g. "/data/password". */
  readonly path: string;
  readonly change: "added" | "removed" | "changed";
}

/** One resource that differs, with its display diff and its structured change. */
export interface ResourceChange {
  readonly type: ChangeType;
  /** The resource's key on the after side (the before side for "removed"). */
  readonly key: ResourceKey;
  /** For "renamed": the key before (a generated ConfigMap/Secret whose hash suffix changed). */
  readonly previousKey?: ResourceKey;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly previousName?: string;
  /** True for kinds that are risky to change (CRDs, Namespaces, volumes, RBAC, webhooks). */
  readonly risky: boolean;
  /** Unified diff hunks of the redacted, normalized YAML (no file headers). */
  readonly diff: string;
  /** The structured change, from the redacted before to the redacted after. */
  readonly patch: readonly PatchOperation[];
  /** Masked secret fields that were added, changed or removed. */
  readonly secretFields: readonly SecretFieldChange[];
}

/** An image that differs for one container. */
export interface ImageChange {
  readonly key: ResourceKey;
  readonly container: string;
  readonly before?: string;
  readonly after?: string;
}

/** A replica count that differs. */
export interface ReplicaChange {
  readonly key: ResourceKey;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

/** What a reviewer looks at first. */
export interface DiffHighlights {
  readonly images: readonly ImageChange[];
  readonly replicas: readonly ReplicaChange[];
  readonly added: readonly ResourceKey[];
  readonly removed: readonly ResourceKey[];
  /** Changes to risky kinds, any change type. */
  readonly risky: readonly { readonly key: ResourceKey; readonly type: ChangeType }[];
  /** Resources whose masked secret fields changed. */
  readonly secrets: readonly { readonly key: ResourceKey; readonly fields: readonly SecretFieldChange[] }[];
}

/** The difference between two sets of rendered objects. Ordered by key; deterministic. */
export interface ManifestDiff {
  readonly changes: readonly ResourceChange[];
  readonly unchanged: readonly ResourceKey[];
  readonly counts: Readonly<Record<ChangeType | "unchanged", number>>;
  readonly highlights: DiffHighlights;
}
