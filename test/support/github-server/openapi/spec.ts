/**
 * GitHub's REST API description (`@octokit/openapi`, api.github.com) loaded once per
 * process, with a path matcher that turns an incoming request into an operation.
 * The description is 13 MB, so it is parsed lazily on first use and shared by every
 * test server in the process.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** A JSON schema or OpenAPI object as found in the description (shape not checked). */
export type Json = Record<string, unknown>;

/** One parameter of an operation, with its `$ref` resolved. */
export interface ParameterSpec {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required: boolean;
  readonly schema: Json;
  /** GitHub marks parameters that may contain slashes (refs, file paths). */
  readonly multiSegment: boolean;
}

/** One operation of the description: method, path template and where its schemas live. */
export interface OperationSpec {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly parameters: readonly ParameterSpec[];
  /** JSON pointer (inside the description) to the JSON request body schema, if any. */
  readonly bodyPointer: string | undefined;
  readonly bodyRequired: boolean;
  readonly operation: Json;
}

/** A request matched to an operation, with decoded path parameters. */
export interface MatchedOperation {
  readonly op: OperationSpec;
  readonly pathParams: Record<string, string>;
}

interface CompiledTemplate {
  readonly op: OperationSpec;
  readonly strict: RegExp;
  readonly greedy: RegExp | undefined;
  readonly names: readonly string[];
  readonly literals: number;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

let loaded: ApiDescription | undefined;

/** Returns the process-wide API description, parsing it on first call. */
export function loadApiDescription(): ApiDescription {
  loaded ??= new ApiDescription(readDescriptionFile());
  return loaded;
}

function readDescriptionFile(): Json {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  return JSON.parse(readFileSync(file, "utf8")) as Json;
}

/** Escapes a JSON pointer token (RFC 6901). */
export function pointerToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** GitHub's REST API description with path matching and `$ref` resolution. */
export class ApiDescription {
  readonly doc: Json;
  private readonly byMethod = new Map<string, CompiledTemplate[]>();

  constructor(doc: Json) {
    this.doc = doc;
    normalizeNullable(doc);
    for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of METHODS) {
        const operation = item[method] as Json | undefined;
        if (operation === undefined) continue;
        const op = this.buildOperation(template, method, operation, item);
        const list = this.byMethod.get(method.toUpperCase()) ?? [];
        list.push(compileTemplate(op));
        this.byMethod.set(method.toUpperCase(), list);
      }
    }
    // Literal segments win over parameters: `/git/ref/{ref}` beats `/{owner}/{repo}`-style catch-alls.
    for (const list of this.byMethod.values()) list.sort((a, b) => b.literals - a.literals);
  }

  /** Returns the operation for a method and raw (still percent-encoded) path, or undefined. */
  match(method: string, rawPath: string): MatchedOperation | undefined {
    const list = this.byMethod.get(method.toUpperCase()) ?? [];
    for (const mode of ["strict", "greedy"] as const) {
      for (const t of list) {
        const re = mode === "strict" ? t.strict : t.greedy;
        const m = re?.exec(rawPath);
        if (!m) continue;
        const pathParams: Record<string, string> = {};
        t.names.forEach((name, i) => {
          pathParams[name] = safeDecode(m[i + 1] ?? "");
        });
        return { op: t.op, pathParams };
      }
    }
    return undefined;
  }

  /** Resolves a local `$ref` (`#/components/...`) once; returns the object unchanged otherwise. */
  resolve(obj: Json): Json {
    let current = obj;
    for (let depth = 0; typeof current.$ref === "string" && depth < 20; depth++) {
      current = this.at(current.$ref.slice(1));
    }
    return current;
  }

  /** Returns the value at a JSON pointer inside the description. */
  at(pointer: string): Json {
    let node: unknown = this.doc;
    for (const raw of pointer.split("/").slice(1)) {
      const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      node = (node as Json)[token];
    }
    return node as Json;
  }

  private buildOperation(template: string, method: string, operation: Json, item: Json): OperationSpec {
    const rawParams = [...((item.parameters as Json[] | undefined) ?? []), ...((operation.parameters as Json[] | undefined) ?? [])];
    const parameters = rawParams.map((p) => {
      const r = this.resolve(p);
      return { name: String(r.name), in: r.in as ParameterSpec["in"], required: r.required === true, schema: (r.schema as Json | undefined) ?? {}, multiSegment: r["x-multi-segment"] === true };
    });
    let bodyPointer: string | undefined;
    let bodyRequired = false;
    const opPointer = `#/paths/${pointerToken(template)}/${method}`;
    if (operation.requestBody !== undefined) {
      const body = this.resolve(operation.requestBody as Json);
      bodyRequired = body.required === true;
      const content = body.content as Record<string, Json> | undefined;
      if (content?.["application/json"]?.schema !== undefined) {
        bodyPointer = (operation.requestBody as Json).$ref !== undefined
          ? `${String((operation.requestBody as Json).$ref)}/content/application~1json/schema`
          : `${opPointer}/requestBody/content/application~1json/schema`;
      }
    }
    return { operationId: String(operation.operationId), method: method.toUpperCase(), template, parameters, bodyPointer, bodyRequired, operation };
  }
}

function compileTemplate(op: OperationSpec): CompiledTemplate {
  const names: string[] = [];
  let literals = 0;
  const segments = op.template.split("/").slice(1);
  const multi = new Set(op.parameters.filter((p) => p.multiSegment).map((p) => p.name));
  let greedyPossible = false;
  const strictParts: string[] = [];
  const greedyParts: string[] = [];
  for (const seg of segments) {
    const param = /^\{([^}]+)\}$/.exec(seg);
    if (param?.[1] !== undefined) {
      names.push(param[1]);
      strictParts.push("([^/]+)");
      // Multi-segment parameters (a ref like heads/main, a file path) may arrive unencoded.
      greedyParts.push(multi.has(param[1]) ? "(.+?)" : "([^/]+)");
      if (multi.has(param[1])) greedyPossible = true;
    } else {
      literals++;
      strictParts.push(escapeRegExp(seg));
      greedyParts.push(escapeRegExp(seg));
    }
  }
  const strict = new RegExp(`^/${strictParts.join("/")}/?$`);
  const greedy = greedyPossible ? new RegExp(`^/${greedyParts.join("/")}/?$`) : undefined;
  return { op, strict, greedy, names, literals };
}

/**
 * Rewrites OpenAPI 3.0 `nullable: true` into plain JSON Schema in place: ajv rejects
 * `nullable` without a sibling `type` (common in GitHub's description next to allOf
 * and $ref), and an `enum` must list null for a null value to pass.
 */
function normalizeNullable(root: Json): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    const obj = node as Json;
    if (obj.nullable === true) {
      if (obj.type === undefined) {
        const rest: Json = { ...obj };
        delete rest.nullable;
        for (const k of Object.keys(obj)) delete obj[k];
        obj.anyOf = [{ type: "null" }, rest];
      } else if (Array.isArray(obj.enum) && !obj.enum.includes(null)) {
        obj.enum = [...(obj.enum as unknown[]), null];
      }
    }
    for (const v of Object.values(obj)) if (v !== null && typeof v === "object") stack.push(v);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
