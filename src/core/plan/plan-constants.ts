/**
 * Names Ferry writes into clusters. They never change: a renamed field manager would
 * make every object look owned by someone else, and a renamed inventory would orphan
 * everything Ferry applied before [flux: the manager name is a constant].
 */

/** The field manager of every server-side apply Ferry makes. */
export const FIELD_MANAGER = "ferry";

/** The annotation that keeps an object when git no longer has it (value {@link PRUNE_DISABLED}). */
export const PRUNE_ANNOTATION = "ferry.dev/prune";

/** The value of {@link PRUNE_ANNOTATION} that disables pruning of the object. */
export const PRUNE_DISABLED = "disabled";

/** The namespace holding Ferry's inventories and Leases in each cluster. */
export const FERRY_NAMESPACE = "ferry-system";

/** Returns the name of the ConfigMap recording what Ferry applied for an environment. */
export function inventoryName(environment: string): string {
  return `ferry-inventory-${environment}`;
}

/** Returns the name of the Lease that serialises applies of an environment in a cluster. */
export function leaseName(environment: string): string {
  return `ferry-apply-${environment}`;
}
