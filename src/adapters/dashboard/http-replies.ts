/**
 * How the dashboard answers: every response carries a strict Content-Security-Policy
 * (own scripts and styles only, no framing), nosniff and a same-origin referrer; data
 * pages are never cached by browsers or proxies.
 */
import type { ServerResponse } from "node:http";
import type { Html } from "../../core/dashboard/index.ts";

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

/** Sends a body with the dashboard's security headers; returns true (handled). */
export function send(res: ServerResponse, status: number, type: string, body: string, cacheControl = "no-store"): true {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type, "cache-control": cacheControl });
  res.end(body);
  return true;
}

export function sendHtml(res: ServerResponse, status: number, page: Html): true {
  return send(res, status, "text/html; charset=utf-8", page.text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): true {
  return send(res, status, "application/json; charset=utf-8", `${JSON.stringify(body, null, 2)}\n`);
}

/** Redirects with the security headers and any cookies; returns true (handled). */
export function redirect(res: ServerResponse, location: string, cookies: readonly string[] = []): true {
  res.writeHead(302, { ...SECURITY_HEADERS, location, "cache-control": "no-store", ...(cookies.length > 0 && { "set-cookie": [...cookies] }) });
  res.end();
  return true;
}

