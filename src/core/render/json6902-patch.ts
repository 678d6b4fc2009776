import fastJsonPatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";
import type { JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { RenderError } from "../../errors.ts";

const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);

/**
 * Returns `target` with the RFC 6902 `operations` applied as kustomize applies them
 * (evanphx/json-patch): paths must resolve (remove/test of a missing key fail, add
 * needs an existing parent, replace of a missing map key adds it), "-" appends to a list, "~0"/"~1" escape "~"/"/".
 * fast-json-patch with validation on behaves the same for these cases, so it does the
 * work. Throws RenderError naming `context.file` and the failing operation. Never
 * mutates its arguments.
 */
export function applyJson6902Patch(target: KubeObject, operations: JsonValue, context: { file: string }): KubeObject {
  const { file } = context;
  if (!Array.isArray(operations)) throw new RenderError({ file, message: `json patch "${file}" must be a list of operations` });
  let doc: JsonValue = structuredClone(target);
  operations.forEach((op, index) => {
    const where = `operation ${index + 1}${isJsonObject(op) && typeof op.op === "string" ? ` (${op.op} ${String(op.path ?? op.from ?? "")})` : ""}`;
    if (!isJsonObject(op) || typeof op.op !== "string" || !OPS.has(op.op) || typeof op.path !== "string") {
      throw new RenderError({ file, message: `json patch "${file}" ${where} is invalid; each operation needs "op" (add, remove, replace, move, copy, test) and "path"` });
    }
    if ((op.op === "add" || op.op === "replace" || op.op === "test") && !("value" in op)) {
      throw new RenderError({ file, message: `json patch "${file}" ${where} has no "value"` });
    }
    if ((op.op === "move" || op.op === "copy") && typeof op.from !== "string") {
      throw new RenderError({ file, message: `json patch "${file}" ${where} has no "from"` });
    }
    // evanphx/json-patch (kustomize's library) treats "replace" of a missing map key
    // as "add"; fast-json-patch would fail, so rewrite the operation first.
    const effective = op.op === "replace" && replacesMissingMapKey(doc, op.path) ? { ...op, op: "add" } : op;
    try {
      doc = fastJsonPatch.applyOperation(doc, effective as unknown as Operation, true, true, false, index).newDocument as JsonValue;
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
      throw new RenderError({ file, cause, message: `json patch "${file}" ${where} failed: ${reason}; check that the path exists in the target` });
    }
  });
  if (!isJsonObject(doc)) throw new RenderError({ file, message: `json patch "${file}" replaced the whole object with a non-object` });
  return doc as KubeObject;
}

function replacesMissingMapKey(doc: JsonValue, path: string): boolean {
  const cut = path.lastIndexOf("/");
  if (cut < 0) return false;
  const key = path.slice(cut + 1).replace(/~1/g, "/").replace(/~0/g, "~");
  let parent: unknown;
  try {
    parent = cut === 0 ? doc : fastJsonPatch.getValueByPointer(doc, path.slice(0, cut));
  } catch {
    return false;
  }
  return isJsonObject(parent) && !Object.hasOwn(parent, key);
}
