import type { JsonValue } from "../manifest/kube-object.ts";
import type { RenderResource } from "./render-resource.ts";
import { RenderError } from "../../errors.ts";

/** A kustomize patch or replacement target selector. Regex fields are anchored. */
export interface Target {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

/** Returns the selector in `raw`; throws RenderError naming `file` when it is malformed. */
export function parseTarget(raw: JsonValue, file: string): Target {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new RenderError({ file, message: `patch target in "${file}" must be a map` });
  return raw as Target;
}

/** Returns true when `resource` is selected by `target`. */
export function matchesTarget(_resource: RenderResource, _target: Target): boolean {
  return false;
}
