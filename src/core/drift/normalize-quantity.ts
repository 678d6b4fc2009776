/**
 * Returns a canonical string for a Kubernetes quantity ("1000m" and "1" both give "1",
 * "1Gi" gives "1073741824"), or undefined when the value is not a quantity. Used so that
 * drift is not reported for a value the API server only rewrote.
 */
export function normalizeQuantity(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return canonical(value);
  if (typeof value !== "string") return undefined;
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(value.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  if (!Number.isFinite(number)) return undefined;
  return canonical(number * (SUFFIX[match[2] ?? ""] ?? 1));
}

const SUFFIX: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

// Rounded to nanounits (Kubernetes' smallest scale) so 0.1 + 0.2 style noise vanishes.
function canonical(n: number): string {
  return String(Math.round(n * 1e9) / 1e9);
}
