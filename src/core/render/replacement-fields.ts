import { RenderError } from "../../errors.ts";
import type { JsonObject, JsonValue } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { goJsonField } from "./go-json-field.ts";

// The fields of a kustomize replacement, level by level.
const SELECTOR = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"];
const OPTIONS = ["delimiter", "index", "create"];
const SOURCE = ["group", "version", "kind", "name", "namespace", "fieldPath", "options"];
const TARGET = ["select", "reject", "fieldPaths", "options"];

function pick(raw: JsonValue | undefined, keys: readonly string[], what: string, strict: boolean, file: string): JsonValue | undefined {
  if (!isJsonObject(raw)) return raw;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    // kustomize decodes through Go's encoding/json, which matches field names regardless of case.
    const known = goJsonField(key, keys);
    if (known !== undefined) out[known] = value;
    else if (strict) throw new RenderError({ file, message: `${what} in "${file}" has an unknown field "${key}"; use ${keys.join(", ")}` });
  }
  return out;
}

/**
 * Returns the replacement `raw` with only the fields kustomize knows. `strict` (inline
 * in a kustomization, read strictly by kustomize) refuses any other field; otherwise
 * (replacement files and ReplacementTransformer configs) they are dropped, as kustomize
 * ignores them there.
 */
export function checkReplacementFields(raw: JsonValue, strict: boolean, file: string): JsonValue {
  const top = pick(raw, ["source", "targets"], "a replacement", strict, file);
  if (!isJsonObject(top)) return top ?? null;
  const out: JsonObject = { ...top };
  if (isJsonObject(top.source)) {
    const source = pick(top.source, SOURCE, "a replacement source", strict, file) as JsonObject;
    if (source.options !== undefined) source.options = pick(source.options, OPTIONS, "replacement source options", strict, file) ?? null;
    out.source = source;
  }
  if (Array.isArray(top.targets)) {
    out.targets = top.targets.map((t) => {
      const target = pick(t, TARGET, "a replacement target", strict, file);
      if (!isJsonObject(target)) return target ?? null;
      if (target.select !== undefined) target.select = pick(target.select, SELECTOR, "a replacement target's select", strict, file) ?? null;
      if (Array.isArray(target.reject)) target.reject = target.reject.map((r) => pick(r, SELECTOR, "a replacement target's reject", strict, file) ?? null);
      if (target.options !== undefined) target.options = pick(target.options, OPTIONS, "replacement target options", strict, file) ?? null;
      return target;
    });
  }
  return out;
}
