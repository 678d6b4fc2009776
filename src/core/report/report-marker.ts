const PREFIX = "<!-- ferry:report";

/**
 * Returns the hidden marker that identifies one part of the report for an environment,
 * so the comment can be found and updated in place. Every part of one environment's
 * report starts with `reportMarkerPrefix(environment)`.
 */
export function reportMarker(environment: string, part = 1): string {
  return `${reportMarkerPrefix(environment)} part=${part} -->`;
}

/** Returns the start shared by the markers of every part of an environment's report. */
export function reportMarkerPrefix(environment: string): string {
  // Percent-encode anything outside a safe set, so a name can never close the comment.
  const safe = environment.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return `${PREFIX} environment=${safe}`;
}

/** Returns the environment and part a report marker in `body` names, or undefined. */
export function parseReportMarker(body: string): { environment: string; part: number } | undefined {
  const match = /<!-- ferry:report environment=([A-Za-z0-9._%-]+) part=(\d+) -->/.exec(body);
  if (!match?.[1] || !match[2]) return undefined;
  return { environment: decodeURIComponent(match[1]), part: Number(match[2]) };
}
