/**
 * Returns the field of `known` that `key` names as Go's encoding/json matches it (an
 * exact match first, then one that differs only in case), or undefined. kustomize
 * decodes kustomizations, transformer configurations and plugin configs that way.
 */
export function goJsonField(key: string, known: readonly string[] | ReadonlySet<string>): string | undefined {
  const list = [...known];
  if (list.includes(key)) return key;
  const lower = key.toLowerCase();
  return list.find((k) => k.toLowerCase() === lower);
}

/** Returns `raw` with each key renamed to the known field it matches; unknown keys are kept as they are. */
export function withGoJsonFields<T extends Record<string, unknown>>(raw: T, known: readonly string[] | ReadonlySet<string>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) out[goJsonField(key, known) ?? key] = value;
  return out as T;
}
