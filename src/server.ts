/**
 * Starts Ferry as a Probot server. Configuration comes from the environment as for any
 * Probot app (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST for GitHub Enterprise).
 */
import { run } from "probot";
import ferryApp from "./app.ts";

await run(ferryApp);
