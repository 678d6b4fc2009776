import fastJsonPatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";
import type { JsonObject, JsonValue, KubeObject } from "../manifest/kube-object.ts";
import { isJsonObject } from "../manifest/kube-object.ts";
import { RenderError } from "../../errors.ts";
import { describeResource } from "./resource-id.ts";

const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);

/**
 * Returns `target` with the RFC 6902 `operations` applied as kustomize applies them
 * (evanphx/json-patch): paths must resolve (remove/test of a missing key fail, add
 * needs an existing parent, replace of a missing map key adds it), "-" appends to a list, "~0"/"~1" escape "~"/"/".
 * fast-json-patch with validation on behaves the same for these cases, so it does the
 * work. Throws RenderError naming `context.file`, the failing operation (op, path,
 * from), the object and which part of the path is missing; patch values are never
 * quoted (they may be secret). Never mutates its arguments.
 */
export function applyJson6902Patch(target: KubeObject, operations: JsonValue, context: { file: string }): KubeObject {
  const { file } = context;
  if (!Array.isArray(operations)) throw new RenderError({ file, message: `json patch "${file}" must be a list of operations` });
  let doc: JsonValue = structuredClone(target);
  const object = describeResource(target);
  operations.forEach((op, index) => {
    const from = isJsonObject(op) && typeof op.from === "string" ? ` from ${op.from}` : "";
    const where = `operation ${index + 1}${isJsonObject(op) && typeof op.op === "string" ? ` (${op.op} ${String(op.path ?? "")}${from})` : ""}`;
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
      const reason = explainFailure(doc, op) ?? (cause instanceof Error ? cause.message.split("\n")[0] : String(cause));
      throw new RenderError({ file, cause, message: `json patch "${file}" ${where} failed on ${object}: ${reason}; fix the path or the patch's target` });
    }
  });
  if (!isJsonObject(doc)) throw new RenderError({ file, message: `json patch "${file}" replaced the whole object ${object} with a non-object` });
  // kustomize rejects the patched object as it would reject such a resource file.
  if (typeof doc.kind !== "string" || doc.kind === "") {
    throw new RenderError({ file, message: `json patch "${file}" removes the kind of ${object} (missing kind); kustomize rejects an object without one: keep kind in the patch` });
  }
  const name = isJsonObject(doc.metadata) ? doc.metadata.name : undefined;
  if (name === undefined || name === null || name === "") {
    throw new RenderError({ file, message: `json patch "${file}" removes metadata.name of ${object} (missing metadata.name); kustomize rejects an object without one: rename it with a replace instead` });
  }
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

/**
 * Returns why an operation's path (or `from`) does not resolve in `doc`: the first
 * segment that is missing, or the value in the way that is not a map or a list.
 * Undefined when both resolve (a failed test, for instance, is explained by the caller).
 */
function explainFailure(doc: JsonValue, op: JsonObject): string | undefined {
  if (op.op === "test") return pointerProblem(doc, String(op.path), "whole") ?? "the value at the path is not the one the test expects";
  if ((op.op === "move" || op.op === "copy") && typeof op.from === "string") {
    const problem = pointerProblem(doc, op.from, "whole");
    if (problem !== undefined) return `"from" ${problem}`;
  }
  // add (and move, copy) need only the parent; remove and replace need the value too.
  return pointerProblem(doc, String(op.path), op.op === "remove" || op.op === "replace" ? "whole" : "parent");
}

function pointerProblem(doc: JsonValue, pointer: string, need: "whole" | "parent"): string | undefined {
  if (pointer === "") return undefined;
  if (!pointer.startsWith("/")) return `the path ${pointer} does not start with "/"`;
  const segments = pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node: JsonValue = doc;
  let at = "";
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    const here = `${at}/${segment}`;
    if (Array.isArray(node)) {
      const index = segment === "-" ? node.length : /^\d+$/.test(segment) ? Number(segment) : NaN;
      if (Number.isNaN(index)) return `"${segment}" is not an index of the list at ${at || "/"}`;
      if (last && need === "parent") return index > node.length ? `index ${index} is past the end of the list at ${at || "/"} (${node.length} items)` : undefined;
      if (index >= node.length) return `index ${segment} is past the end of the list at ${at || "/"} (${node.length} items)`;
      node = node[index] as JsonValue;
    } else if (isJsonObject(node)) {
      if (last && need === "parent") return undefined;
      if (!Object.hasOwn(node, segment)) return `${here} does not exist in the object`;
      node = node[segment] as JsonValue;
    } else {
      return `${at || "/"} holds ${node === null ? "null" : `a ${typeof node}`}, not a map or a list, so ${here} cannot exist`;
    }
    at = here;
  }
  return undefined;
}
