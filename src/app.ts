/**
 * The Probot app: registers Ferry's webhook handlers and nothing else. Handlers live in
 * `adapters/github/`; the composition root (`compose.ts`) builds what they need.
 */
import type { Probot } from "probot";
import type { AppDeps } from "./adapters/github/app-deps.ts";
import { registerHandlers } from "./adapters/github/register-handlers.ts";
import { startDriftSchedule, type DriftScheduler } from "./adapters/github/drift-scheduler.ts";
import { compose } from "./compose.ts";

/**
 * Returns the app function over given dependencies (the server keeps them to drain on
 * shutdown); `onSchedule` receives the drift schedule when one starts, so shutdown can stop it.
 */
export function buildFerryApp(deps: AppDeps, onSchedule?: (scheduler: DriftScheduler) => void): (app: Probot) => void {
  return (app) => {
    registerHandlers(app, deps);
    const scheduler = startDriftSchedule(app, deps);
    if (scheduler) onSchedule?.(scheduler);
  };
}

/** Registers Ferry's handlers (and the drift schedule, when clusters are configured) on a Probot instance. */
export default function ferryApp(app: Probot): void {
  buildFerryApp(compose())(app);
}
