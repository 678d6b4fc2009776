/**
 * The Probot app: registers Ferry's webhook handlers and nothing else. Handlers live in
 * `adapters/github/`; the composition root (`compose.ts`) builds what they need.
 */
import type { Probot } from "probot";
import { registerHandlers } from "./adapters/github/register-handlers.ts";
import { compose } from "./compose.ts";

/** Registers Ferry's handlers on a Probot instance. */
export default function ferryApp(app: Probot): void {
  registerHandlers(app, compose());
}
