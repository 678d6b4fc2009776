const INT64_MIN = -(2 ** 63);
const UINT64_LIMIT = 2 ** 64;

/**
 * Returns a number as kustomize prints it. kustomize passes every value through JSON
 * (Go's encoding/json) and back through go-yaml v2, so an integral value that fits
 * int64/uint64 prints as a plain integer (`1.0` → `1`, `1e3` → `1000`), and anything
 * else prints in Go's shortest `%g` form with a two-digit exponent (`1e+21`, `1e-07`,
 * `1.2345675e+06`).
 */
export function formatGoNumber(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  if (Number.isInteger(n) && n >= INT64_MIN && n < UINT64_LIMIT) {
    return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  }
  return formatGoFloat(n);
}

/** Go's strconv.FormatFloat(n, 'g', -1, 64) for a finite number (how go-yaml prints a float64: `1000`, `1.234567e+06`). */
export function formatGoFloat(n: number): string {
  // toExponential() without digits gives the shortest round-tripping digits, as Go does.
  const [mantissa = "", expText = "0"] = n.toExponential().split("e");
  const exp = Number(expText);
  const neg = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = neg ? "-" : "";
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const abs = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const fracPart = digits.slice(exp + 1);
  return fracPart === "" ? `${sign}${intPart}` : `${sign}${intPart}.${fracPart}`;
}
