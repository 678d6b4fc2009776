/**
 * The Probot app: registers Ferry's webhook handlers and nothing else. Handlers live in
 * `adapters/github/`; the composition root (`compose.ts`) builds what they need.
 */
import type { ApplicationFunctionOptions, Probot } from "probot";
import { createDashboardHandler } from "./adapters/dashboard/index.ts";
import type { AppDeps } from "./adapters/github/app-deps.ts";
import { registerHandlers } from "./adapters/github/register-handlers.ts";
import { startDriftSchedule, type DriftScheduler } from "./adapters/github/drift-scheduler.ts";
import { compose } from "./compose.ts";

/**
 * Returns the app function over given dependencies (the server keeps them to drain on
 * shutdown); `onSchedule` receives the drift schedule when one starts, so shutdown can stop it.
 */
export function buildFerryApp(deps: AppDeps, onSchedule?: (scheduler: DriftScheduler) => void): (app: Probot, options?: Pick<ApplicationFunctionOptions, "addHandler">) => void {
  return (app, options) => {
    registerHandlers(app, deps);
    const scheduler = startDriftSchedule(app, deps);
    if (scheduler) onSchedule?.(scheduler);
    if (deps.dashboard) options?.addHandler(createDashboardHandler({ app, deps, settings: deps.dashboard, log: app.log }));
  };
}

/** Registers Ferry's handlers (and the drift schedule, when clusters are configured) on a Probot instance. */
export default function ferryApp(app: Probot, options?: Pick<ApplicationFunctionOptions, "addHandler">): void {
  buildFerryApp(compose())(app, options);
}
