/**
 * Turns a ManifestDiff into what people read: Markdown PR comments (split into parts
 * within GitHub's limits), check-run output, plain text for the CLI and JSON. Pure:
 * no I/O, no clock; the same diff and context give byte-identical output.
 */
export { renderDiffComment, type DiffComment } from "./render-diff-comment.ts";
export { renderDiffText } from "./render-diff-text.ts";
export { renderDiffJson } from "./render-diff-json.ts";
export { renderDiffCheckRun, type CheckRunOutput } from "./render-diff-check-run.ts";
export { reportMarker, reportMarkerPrefix, parseReportMarker } from "./report-marker.ts";
export * from "./report-context.ts";
