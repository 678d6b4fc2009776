/**
 * Team membership, which Ferry reads to decide whether a person may promote.
 */
import { ApiError } from "../state.ts";
import type { Routes } from "./context.ts";

/** Team routes. */
export const orgRoutes: Routes = {
  "teams/get-membership-for-user-in-org": (ctx) => {
    const { org = "", team_slug = "", username = "" } = ctx.params;
    const team = ctx.core.teams.get(`${org}/${team_slug}`.toLowerCase());
    const role = team?.get(username);
    if (role === undefined) throw new ApiError(404, "Not Found");
    return { status: 200, body: { url: `${ctx.core.apiUrl}/organizations/${org}/team/${team_slug}/memberships/${username}`, role, state: "active" } };
  },
};
