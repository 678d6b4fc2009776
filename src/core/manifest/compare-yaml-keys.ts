/**
 * Compares two mapping keys in the order kustomize prints them. kustomize's output goes
 * through go-yaml v2, which sorts map keys "naturally": runs of digits compare as numbers
 * ("a9" < "a10"), and at the first difference a non-letter sorts before a letter unless
 * the previous character was a digit. Plain code-unit order would differ, and JavaScript
 * objects reorder integer-like keys ("80", "1") on their own, so output never trusts
 * object key order.
 */
export function compareYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b) ? -1 : 1;
}

/** Returns true when go-yaml v2 puts key `a` before key `b`. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = toCodePoints(a);
  const br = toCodePoints(b);
  let digits = false;
  const n = Math.min(ar.length, br.length);
  for (let i = 0; i < n; i++) {
    const ac = ar[i]!;
    const bc = br[i]!;
    if (ac === bc) {
      digits = isDigit(ac);
      continue;
    }
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return digits ? al : bl;
    // Two non-letters: compare the digit runs starting here as numbers. When a run
    // starts with "0" right after non-zero digits, the leading 1 makes zeros count.
    let an = 0n;
    let bn = 0n;
    if (ac === 0x30 || bc === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]! - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]! - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}

function toCodePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER.test(String.fromCodePoint(c));
}

function isDigit(c: number): boolean {
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(String.fromCodePoint(c));
}
