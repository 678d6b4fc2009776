/**
 * Credential detection for values in ConfigMaps, env values and added lines. Returns
 * only what kind of credential a text looks like, never the value or where in the
 * text it is, so nothing downstream can print it.
 */

/** A kind of credential a text looks like. */
export interface CredentialMatch {
  readonly kind: string;
}

interface Pattern {
  readonly kind: string;
  readonly re: RegExp;
}

const PATTERNS: readonly Pattern[] = [
  { kind: "a private key", re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: "an AWS access key id", re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: "an AWS secret access key", re: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}\b/i },
  { kind: "a GitHub token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { kind: "a GitLab token", re: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { kind: "a Slack token", re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { kind: "a Google API key", re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: "a Stripe secret key", re: /\b[rs]k_live_[0-9A-Za-z]{16,}\b/ },
  { kind: "a JSON Web Token", re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  // user:password@ in a URL; "${VAR}" or "$(VAR)" placeholders are fine.
  { kind: "a password in a URL", re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'$]+:(?![$]|\{\{)[^\s:/@"'$]{3,}@[^\s"']/i },
];

// Long runs of base64/hex-like characters: candidates for the entropy test.
const TOKEN = /[A-Za-z0-9+/_-]{24,}={0,2}/g;
const MIN_ENTROPY = 4.0;

/** Options: `entropy: false` skips the high-entropy test (for ciphertext such as SealedSecrets). */
export interface DetectOptions {
  readonly entropy?: boolean;
}

/**
 * Returns the kinds of credential `text` appears to contain: private keys, cloud keys,
 * tokens, JWTs, passwords in URLs and high-entropy strings (24+ characters mixing upper
 * case, lower case and digits with at least 4 bits of entropy per character, which
 * random keys have and identifiers, words, hex digests and UUIDs do not).
 * Pure; never returns any part of the text.
 */
export function detectCredentials(text: string, options: DetectOptions = {}): CredentialMatch[] {
  const found: CredentialMatch[] = [];
  for (const p of PATTERNS) if (p.re.test(text)) found.push({ kind: p.kind });
  if (found.length === 0 && options.entropy !== false && hasHighEntropyToken(text)) found.push({ kind: "a high-entropy string (a key or password?)" });
  return found;
}

function hasHighEntropyToken(text: string): boolean {
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const before = text.slice(Math.max(0, (match.index ?? 0) - 7), match.index ?? 0);
    // Digests pinned in image references are checksums, not secrets.
    if (/sha\d+:$/.test(before)) continue;
    if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/[0-9]/.test(token)) continue;
    // Paths and dashed identifiers ("apps/v1/deployments/my-app") are not keys.
    if (token.split(/[/_-]/).every((part) => part.length < 16)) continue;
    if (shannonEntropy(token) >= MIN_ENTROPY) return true;
  }
  return false;
}

/** Returns the Shannon entropy of `text` in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
