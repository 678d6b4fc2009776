import { html, type Html, type HtmlValue } from "./html.ts";
import type { StateView, Tone } from "./dashboard-model.ts";

/** Where the dashboard is mounted, and its asset paths. */
export const DASHBOARD_BASE = "/dashboard";

/** Who is signed in, and the token a sign-out form must carry (CSRF). */
export interface Viewer {
  readonly login: string;
  readonly csrfToken: string;
}

const ICON: Record<Tone, string> = { good: "✓", bad: "✗", busy: "◷", idle: "?" };

/** Returns a state as an icon (hidden from screen readers) and its words, coloured by tone. */
export function renderState(s: StateView): Html {
  return html`<span class="state tone-${s.tone}" data-state="${s.state}"><span class="icon" aria-hidden="true">${ICON[s.tone]}</span> ${s.words}</span>`;
}

/**
 * Returns a whole page: landmarks (banner, navigation, main, contentinfo), the viewport
 * for phones, the server's own stylesheet and script (no CDN), and a sign-out form
 * carrying the CSRF token when someone is signed in.
 */
export function renderShell(params: { title: string; viewer?: Viewer; body: HtmlValue; refreshSeconds?: number; crumbs?: Html }): Html {
  const { viewer } = params;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${params.title} · Ferry</title>
<link rel="stylesheet" href="${DASHBOARD_BASE}/assets/dashboard.css">
<script src="${DASHBOARD_BASE}/assets/dashboard.js" defer></script>
</head>
<body${params.refreshSeconds ? html` data-refresh="${params.refreshSeconds}"` : ""}>
<a class="skip" href="#main">Skip to content</a>
<header class="top" role="banner">
<nav aria-label="Dashboard"><a class="brand" href="${DASHBOARD_BASE}">Ferry</a>${params.crumbs ?? ""}</nav>
${viewer ? html`<form class="signout" method="post" action="${DASHBOARD_BASE}/logout"><span>Signed in as <strong>${viewer.login}</strong></span> <input type="hidden" name="csrf" value="${viewer.csrfToken}"><button type="submit">Sign out</button></form>` : ""}
</header>
<main id="main">
${params.body}
</main>
<footer role="contentinfo"><p>Ferry promotes by fast-forward. Every state is written in words; colours only repeat them.${params.refreshSeconds ? html` <span class="refresh-note">This page refreshes every ${params.refreshSeconds} s.</span>` : ""}</p></footer>
</body>
</html>
`;
}

/** Returns the sign-in page: no data, one link to GitHub. */
export function renderSignInPage(params: { message?: string; next?: string }): Html {
  const href = `${DASHBOARD_BASE}/login${params.next ? `?next=${encodeURIComponent(params.next)}` : ""}`;
  return renderShell({
    title: "Sign in",
    body: html`<section class="card signin" aria-labelledby="signin-title"><h1 id="signin-title">Ferry dashboard</h1>
${params.message ? html`<p class="notice" role="alert">${params.message}</p>` : ""}
<p>See what runs in each environment, what waits to be promoted, and what drifts. Sign in with GitHub: you will see the repositories GitHub lets you read.</p>
<p><a class="button" href="${href}">Sign in with GitHub</a></p></section>`,
  });
}

/** Returns an error page (refused, not found, GitHub failed) saying what happened and what to do. */
export function renderErrorPage(params: { title: string; message: string; viewer?: Viewer }): Html {
  return renderShell({ title: params.title, ...(params.viewer && { viewer: params.viewer }), body: html`<section class="card" aria-labelledby="error-title"><h1 id="error-title">${params.title}</h1><p role="alert">${params.message}</p><p><a href="${DASHBOARD_BASE}">Back to your repositories</a></p></section>` });
}

/** A repository on the index. */
export interface RepositoryLink {
  readonly fullName: string;
  readonly private: boolean;
}

/** Returns the index: the repositories with Ferry installed that the viewer can read. */
export function renderIndexPage(params: { viewer: Viewer; repos: readonly RepositoryLink[] }): Html {
  const items = params.repos.map((r) => html`<li><a href="${DASHBOARD_BASE}/${r.fullName}">${r.fullName}</a> <span class="muted">${r.private ? "private" : "public"}</span></li>`);
  return renderShell({
    title: "Repositories",
    viewer: params.viewer,
    body: html`<section class="card" aria-labelledby="repos-title"><h1 id="repos-title">Repositories</h1>
${params.repos.length === 0 ? html`<p>Ferry is not installed on any repository you can read. Ask an owner to install the app, or to give you read access.</p>` : html`<ul class="repos">${items}</ul>`}</section>`,
  });
}
