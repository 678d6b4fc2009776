/**
 * Sealed cookies for dashboard sessions: AES-256-GCM (confidential and tamper-evident,
 * so the user's GitHub token can live in the cookie and any replica can read it), with
 * an expiry inside the sealed payload, and the cookie attributes the dashboard needs
 * (HttpOnly, SameSite=Lax, Path=/dashboard, Secure behind https). Written by hand on
 * node:crypto because no cookie or session library is a dependency and this is small.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** The session cookie's name. */
export const SESSION_COOKIE = "ferry_session";
/** The short-lived cookie that binds an OAuth `state` to the browser that started sign-in. */
export const STATE_COOKIE = "ferry_oauth";

/** Seals and opens cookie payloads with keys derived from one secret. */
export class CookieSealer {
  private readonly key: Buffer;
  private readonly macKey: Buffer;

  /** `secret` is FERRY_DASHBOARD_SECRET, or the webhook secret every replica shares. */
  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "ferry-dashboard", "cookie-encryption", 32));
    this.macKey = Buffer.from(hkdfSync("sha256", secret, "ferry-dashboard", "csrf-token", 32));
  }

  /** Returns `payload` sealed, valid until `expiresAt` (ms since epoch). */
  seal(payload: Record<string, unknown>, expiresAt: number): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify({ ...payload, exp: expiresAt }), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** Returns the payload of a sealed value, or undefined when it was altered, is not ours, or expired at `now`. */
  open<T extends Record<string, unknown>>(sealed: string | undefined, now: number): T | undefined {
    if (!sealed) return undefined;
    try {
      const raw = Buffer.from(sealed, "base64url");
      if (raw.length < 29) return undefined;
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      const payload = JSON.parse(text) as T & { exp?: unknown };
      return typeof payload.exp === "number" && payload.exp > now ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  /** Returns the CSRF token of a session id: forms that change anything (sign-out) must carry it. */
  csrfToken(sessionId: string): string {
    return createHmac("sha256", this.macKey).update(sessionId).digest("base64url");
  }

  /** Returns whether `token` is the CSRF token of `sessionId` (constant time). */
  checkCsrf(sessionId: string, token: string | undefined): boolean {
    const expected = Buffer.from(this.csrfToken(sessionId));
    const given = Buffer.from(token ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** Returns the cookies of a request by name. */
export function readCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) out.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return out;
}

/** Returns a Set-Cookie value; `maxAgeSeconds` 0 deletes the cookie. */
export function cookieHeader(params: { name: string; value: string; maxAgeSeconds: number; secure: boolean }): string {
  return [`${params.name}=${params.value}`, "Path=/dashboard", `Max-Age=${params.maxAgeSeconds}`, "HttpOnly", "SameSite=Lax", ...(params.secure ? ["Secure"] : [])].join("; ");
}
