import { describe, expect, it } from "vitest";
import { escapeHtml, html, safeUrl, unsafeRaw } from "../../../src/core/dashboard/index.ts";

describe("html escaping", () => {
  it.each([
    { name: "keeps a script tag as text", value: "<script>alert(1)</script>", expected: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" },
    { name: "cannot end an attribute value", value: `" onmouseover="alert(1)`, expected: "<p>&quot; onmouseover=&quot;alert(1)</p>" },
    { name: "escapes single quotes and backticks", value: "'`", expected: "<p>&#39;&#96;</p>" },
    { name: "escapes ampersands once", value: "a &amp; b", expected: "<p>a &amp;amp; b</p>" },
    { name: "renders numbers", value: 42, expected: "<p>42</p>" },
    { name: "renders nothing for undefined, null and false", value: [undefined, null, false], expected: "<p></p>" },
    { name: "joins arrays, escaping each item", value: ["<a>", "<b>"], expected: "<p>&lt;a&gt;&lt;b&gt;</p>" },
  ])("$name", ({ value, expected }) => {
    expect(html`<p>${value}</p>`.text).toBe(expected);
  });

  it("keeps nested html as markup and escapes what it interpolates", () => {
    const inner = html`<b>${"<i>"}</b>`;

    expect(html`<p>${inner}</p>`.text).toBe("<p><b>&lt;i&gt;</b></p>");
  });

  it("never treats a string that looks like markup as markup", () => {
    const forged = { text: "<script>x</script>" };

    expect(html`${forged as never}`.text).toBe("[object Object]");
    expect(html`${unsafeRaw("<hr>")}`.text).toBe("<hr>");
    expect(escapeHtml("<>")).toBe("&lt;&gt;");
  });

  it.each([
    { url: "https://github.com/acme/config/pull/1", expected: "https://github.com/acme/config/pull/1" },
    { url: "/dashboard/acme/config", expected: "/dashboard/acme/config" },
    { url: "javascript:alert(1)", expected: "#" },
    { url: "//evil.example/x", expected: "#" },
    { url: " data:text/html,x", expected: "#" },
    { url: undefined, expected: "#" },
  ])("safeUrl($url) is $expected", ({ url, expected }) => {
    expect(safeUrl(url)).toBe(expected);
  });
});
