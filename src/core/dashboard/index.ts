/**
 * The environment dashboard as a pure view: `buildDashboardModel` turns what was read
 * (settings, GitHub's record, the clusters) into what the page, the JSON view and
 * `ferry status` say, and the renderers turn that model into HTML (escaped by
 * construction through `html`) or text. Must not read anything, know the time (it comes
 * in the input) or log.
 */
export * from "./dashboard-input.ts";
export * from "./dashboard-model.ts";
export * from "./build-dashboard-model.ts";
export * from "./describe-states.ts";
export * from "./html.ts";
export * from "./render-shell.ts";
export * from "./render-dashboard-page.ts";
export * from "./render-status-text.ts";
