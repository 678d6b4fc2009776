/**
 * HTML by construction: `html\`…\`` escapes every interpolated value unless it is
 * already `Html` (made by `html` itself, or by `unsafeRaw` for text Ferry wrote, such as
 * the stylesheet). Arrays are joined, `undefined`/`null`/`false` render as nothing, so
 * templates read naturally and text from GitHub or a cluster (a PR title
 * `<script>…`) can only ever become text.
 */

const HTML = Symbol("html");

/** Markup that is safe to emit as is. Only `html` and `unsafeRaw` make it. */
export interface Html {
  readonly [HTML]: true;
  readonly text: string;
}

/** What a template may interpolate. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

/** Returns `text` with every character that could end text or an attribute value escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

/** Returns whether a value is already safe markup. */
export function isHtml(value: unknown): value is Html {
  return typeof value === "object" && value !== null && (value as { [HTML]?: unknown })[HTML] === true;
}

function piece(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return "";
  if (Array.isArray(value)) return value.map(piece).join("");
  if (isHtml(value)) return value.text;
  return escapeHtml(String(value));
}

/**
 * Returns markup from a template, escaping every interpolation that is not `Html`.
 *
 * @example
 * html`<td>${pull.title}</td>`.text // "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" for a hostile title
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let text = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) text += piece(values[i]) + (strings[i + 1] ?? "");
  return { [HTML]: true, text };
}

/** Returns `text` as markup without escaping; only for text Ferry itself wrote (stylesheet, script). */
export function unsafeRaw(text: string): Html {
  return { [HTML]: true, text };
}

/**
 * Returns `url` when it is an http(s) or same-site path URL, else "#": an attribute
 * value from GitHub (an `html_url`) must never become `javascript:`.
 */
export function safeUrl(url: string | undefined): string {
  if (url === undefined) return "#";
  return /^(https?:\/\/|\/(?!\/))/i.test(url) ? url : "#";
}
