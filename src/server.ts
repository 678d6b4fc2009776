/**
 * Starts Ferry as a Probot server. Configuration comes from the environment as for any
 * Probot app (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST for GitHub Enterprise).
 */
import { run } from "probot";
import { ferryOctokit } from "./adapters/github/ferry-octokit.ts";
import ferryApp from "./app.ts";

// Probot's Octokit, but waiting out secondary rate limits instead of giving up.
await run(ferryApp, { Octokit: ferryOctokit() });
