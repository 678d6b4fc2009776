/** Bounds on the work one render may do, so hostile repositories cannot exhaust Ferry. */
export interface RenderLimits {
  /** Most files one render may read. */
  maxFiles: number;
  /** Most bytes one render may read, all files together. */
  maxBytes: number;
  /** Most bytes of rendered YAML. */
  maxOutputBytes: number;
  /** Most YAML alias expansions per document (YAML bombs). */
  maxAliases: number;
  /** Most objects (YAML documents read from resource files) in one render. */
  maxObjects: number;
}

/**
 * Defaults generous for real config repositories (the largest public ones render a few
 * thousand files and a few MiB) and small enough that a hostile one fails fast:
 * 10,000 files, 64 MiB read, 64 MiB of output, 1,000 alias expansions per document,
 * 50,000 objects (300,000 tiny documents fit in 64 MiB, and would take a minute and
 * gigabytes of memory before any other limit spoke).
 */
export const DEFAULT_RENDER_LIMITS: Readonly<RenderLimits> = {
  maxFiles: 10_000,
  maxBytes: 64 * 1024 * 1024,
  maxOutputBytes: 64 * 1024 * 1024,
  maxAliases: 1_000,
  maxObjects: 50_000,
};
