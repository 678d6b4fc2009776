import { describe, expect, it } from "vitest";
import { cookieHeader, CookieSealer, readCookies } from "../../../src/adapters/dashboard/session-cookies.ts";

describe("sealed session cookies", () => {
  const sealer = new CookieSealer("a".repeat(32));
  const sealed = sealer.seal({ sid: "s1", login: "dana", token: "ghu_secret" }, 2_000);

  it.each([
    { name: "opens what it sealed before it expires", value: sealed, now: 1_000, expected: { sid: "s1", login: "dana", token: "ghu_secret", exp: 2_000 } },
    { name: "refuses it once expired", value: sealed, now: 2_000, expected: undefined },
    { name: "refuses a changed byte", value: `${sealed.slice(0, 20)}${sealed[20] === "A" ? "B" : "A"}${sealed.slice(21)}`, now: 1_000, expected: undefined },
    { name: "refuses a cookie sealed with another secret", value: new CookieSealer("b".repeat(32)).seal({ sid: "s1" }, 2_000), now: 1_000, expected: undefined },
    { name: "refuses garbage", value: "not-a-cookie", now: 1_000, expected: undefined },
    { name: "refuses nothing at all", value: undefined, now: 1_000, expected: undefined },
  ])("$name", ({ value, now, expected }) => {
    expect(sealer.open(value, now)).toEqual(expected);
  });

  it("keeps the token out of the cookie's text", () => {
    expect(sealed).not.toContain("ghu_secret");
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("dana");
  });

  it("accepts only the session's own CSRF token", () => {
    const token = sealer.csrfToken("s1");

    expect([sealer.checkCsrf("s1", token), sealer.checkCsrf("s2", token), sealer.checkCsrf("s1", undefined), sealer.checkCsrf("s1", `${token}x`)]).toEqual([true, false, false, false]);
  });

  it.each([
    { secure: false, expected: "ferry_session=v; Path=/dashboard; Max-Age=60; HttpOnly; SameSite=Lax" },
    { secure: true, expected: "ferry_session=v; Path=/dashboard; Max-Age=60; HttpOnly; SameSite=Lax; Secure" },
  ])("sets HttpOnly, SameSite=Lax and Secure=$secure", ({ secure, expected }) => {
    expect(cookieHeader({ name: "ferry_session", value: "v", maxAgeSeconds: 60, secure })).toBe(expected);
  });

  it("reads cookies by name", () => {
    expect([...readCookies("a=1; ferry_session=x=y; b")]).toEqual([["a", "1"], ["ferry_session", "x=y"]]);
  });
});
