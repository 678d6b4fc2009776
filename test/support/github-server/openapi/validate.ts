/**
 * Validates requests, responses and webhook payloads against GitHub's description
 * with ajv. Validators are compiled lazily per schema pointer and cached for the
 * process, because compiling the whole description up front takes far too long.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { loadApiDescription, pointerToken, type ApiDescription, type Json, type OperationSpec } from "./spec.ts";

// ajv-formats is CommonJS; its default import is the function under ESM and `.default` under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const DOC_ID = "gh";

let shared: SchemaValidator | undefined;

/** Returns the process-wide validator (compiles nothing until asked). */
export function loadSchemaValidator(): SchemaValidator {
  shared ??= new SchemaValidator(loadApiDescription());
  return shared;
}

/** Checks values against schemas found in GitHub's REST API description. */
export class SchemaValidator {
  readonly api: ApiDescription;
  private readonly ajv: Ajv;
  private readonly paramAjv: Ajv;
  private readonly byPointer = new Map<string, ValidateFunction>();
  private readonly paramValidators = new Map<string, ValidateFunction>();

  constructor(api: ApiDescription) {
    this.api = api;
    // OpenAPI 3.0 adds keywords (nullable, discriminator, x-*, example) that ajv must tolerate.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, addUsedSchema: false });
    addFormats(this.ajv);
    // GitHub answers "" for unset URLs its description declares `format: uri` and required
    // (deployment status target_url, for one), so "" must pass as it does against real GitHub.
    this.ajv.addFormat("uri", (v: string) => v === "" || URL.canParse(v));
    // GitHub's own format for "owner/name" repository names.
    this.ajv.addFormat("repo.nwo", /^[^/]+\/[^/]+$/);
    this.ajv.addSchema({ $id: DOC_ID, paths: api.doc.paths, components: api.doc.components, "x-webhooks": api.doc["x-webhooks"] }, undefined, undefined, false);
    // Query strings carry text; coercion lets `per_page=100` satisfy `type: integer` as on GitHub.
    this.paramAjv = new Ajv({ strict: false, allErrors: true, validateSchema: false, coerceTypes: "array" });
    addFormats(this.paramAjv);
  }

  /** Returns problems with the path and query parameters of a request (empty when valid). */
  checkParameters(op: OperationSpec, pathParams: Record<string, string>, query: Record<string, string | string[]>): string[] {
    const problems: string[] = [];
    const known = new Set(op.parameters.filter((p) => p.in === "query").map((p) => p.name));
    for (const name of Object.keys(query)) {
      if (!known.has(name)) problems.push(`query parameter "${name}" is not defined for ${op.operationId}`);
    }
    const validate = this.parameterValidator(op);
    const value = { ...structuredClone(query), ...pathParams };
    if (!validate(value)) problems.push(...formatErrors("params", validate.errors));
    return problems;
  }

  /** Returns problems with a JSON request body (empty when valid). */
  checkBody(op: OperationSpec, body: unknown): string[] {
    if (op.bodyPointer === undefined) return [];
    if (body === undefined) return op.bodyRequired ? [`request body is required for ${op.operationId}`] : [];
    const validate = this.validator(op.bodyPointer);
    return validate(body) ? [] : formatErrors("body", validate.errors);
  }

  /** Returns problems with a JSON response body; statuses without a JSON schema are not checked. */
  checkResponse(op: OperationSpec, status: number, body: unknown): string[] {
    const pointer = this.responsePointer(op, status);
    if (pointer === undefined) return [];
    const validate = this.validator(pointer);
    return validate(body) ? [] : formatErrors("response", validate.errors);
  }

  /** Returns the JSON pointer of the response schema of an operation for a status, if any. */
  responsePointer(op: OperationSpec, status: number): string | undefined {
    const responses = op.operation.responses as Record<string, Json> | undefined;
    const response = responses?.[String(status)];
    if (response === undefined) return undefined;
    const base = typeof response.$ref === "string" ? response.$ref : `#/paths/${pointerToken(op.template)}/${op.method.toLowerCase()}/responses/${status}`;
    const resolved = this.api.resolve(response);
    const content = resolved.content as Record<string, Json> | undefined;
    return content?.["application/json"]?.schema === undefined ? undefined : `${base}/content/application~1json/schema`;
  }

  /** Returns the JSON pointer of a webhook payload schema, e.g. `issue-comment-created`. */
  webhookPointer(name: string): string | undefined {
    const hooks = this.api.doc["x-webhooks"] as Record<string, unknown>;
    return hooks[name] === undefined ? undefined : `#/x-webhooks/${pointerToken(name)}/post/requestBody/content/application~1json/schema`;
  }

  /** Returns problems with a value checked against the schema at a JSON pointer. */
  checkAt(pointer: string, value: unknown, label: string): string[] {
    const validate = this.validator(pointer);
    return validate(value) ? [] : formatErrors(label, validate.errors);
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.byPointer.get(pointer);
    if (v === undefined) {
      v = this.ajv.compile({ $ref: `${DOC_ID}${pointer}` });
      this.byPointer.set(pointer, v);
    }
    return v;
  }

  private parameterValidator(op: OperationSpec): ValidateFunction {
    const key = `${op.method} ${op.template}`;
    let v = this.paramValidators.get(key);
    if (v === undefined) {
      const params = op.parameters.filter((p) => p.in === "query" || p.in === "path");
      const properties: Record<string, Json> = {};
      for (const p of params) properties[p.name] = this.inline(p.schema, 0);
      v = this.paramAjv.compile({ type: "object", properties, required: params.filter((p) => p.required).map((p) => p.name) });
      this.paramValidators.set(key, v);
    }
    return v;
  }

  // Parameter schemas are small; inlining their refs lets the coercing ajv work without the description.
  private inline(schema: Json, depth: number): Json {
    const resolved = this.api.resolve(schema);
    if (depth > 5) return {};
    const out: Json = {};
    for (const [k, v] of Object.entries(resolved)) {
      out[k] = v !== null && typeof v === "object" && !Array.isArray(v) ? this.inline(v as Json, depth + 1) : v;
    }
    return out;
  }
}

function formatErrors(label: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 10).map((e) => `${label}${e.instancePath || ""} ${e.message ?? "is invalid"}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ""}`);
}
