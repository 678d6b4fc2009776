import type { JsonValue } from "../manifest/kube-object.ts";
import { normalizeQuantity } from "./normalize-quantity.ts";

/**
 * Returns true when every field `desired` sets has the same value in `live` (live may
 * have more: server defaults, fields other managers own). Quantities compare by value
 * ("1000m" = "1"), numbers and numeric strings for ports stay distinct. Lists must have
 * the same length and match item by item. A cheap, local pre-check: objects it accepts
 * cannot differ after a server-side apply of `desired`, so they cost no dry-run request;
 * objects it rejects are confirmed with a dry-run, because merge keys, defaults inside
 * lists and field ownership can still make them equal.
 */
export function isLiveSubset(desired: JsonValue | undefined, live: JsonValue | undefined): boolean {
  if (desired === undefined) return true;
  if (desired === null) return live === null || live === undefined;
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return false;
    return desired.every((item, i) => isLiveSubset(item, live[i]));
  }
  if (typeof desired === "object") {
    if (typeof live !== "object" || live === null || Array.isArray(live)) return false;
    for (const [key, value] of Object.entries(desired)) if (!isLiveSubset(value, live[key])) return false;
    return true;
  }
  if (desired === live) return true;
  const a = normalizeQuantity(desired);
  return a !== undefined && a === normalizeQuantity(live);
}
