/**
 * The dashboard's HTTP side: routes under /dashboard on Probot's server, GitHub
 * sign-in and sealed-cookie sessions, the ETag/TTL cache in front of GitHub, and the
 * reads of GitHub and the clusters that feed core/dashboard. Decides nothing about
 * what the page says; never shows or logs a token or secret.
 */
export { createDashboardHandler, type DashboardHandlerParams } from "./dashboard-handler.ts";
export { readDashboardSettings, type DashboardSettings } from "./dashboard-settings.ts";
export { ConditionalCache } from "./conditional-cache.ts";
