/**
 * The HTTP front of the test server: matches each request to an operation of
 * GitHub's description (unknown endpoints are 404 and a violation), checks
 * parameters and body (a rejected body is 422 and a violation), applies injected
 * faults, authenticates, dispatches by operation id, completes and optionally
 * validates the response, and logs the request.
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerCore } from "./core.ts";
import { conformToSchema } from "./openapi/conform.ts";
import { loadSchemaValidator } from "./openapi/validate.ts";
import { authenticate, credentialFits, requiredCredential } from "./routes/auth.ts";
import type { Reply, Routes } from "./routes/context.ts";
import { ApiError } from "./state.ts";

/** What a faulty request gets. */
export type FaultAnswer =
  | { kind: "status"; status: number; message?: string }
  /** 403 (default) or 429 with `retry-after`, worded as GitHub words a secondary rate limit, or its older abuse-detection message. */
  | { kind: "secondary-rate-limit"; retryAfterSeconds: number; status?: 403 | 429; abuse?: boolean }
  /** The answer, late by `ms`: a slow GitHub. */
  | { kind: "delay"; ms: number }
  /** The connection is closed without an answer. */
  | { kind: "drop" }
  /** The request is read and never answered; the connection stays open. */
  | { kind: "silent" };

/** A fault to inject: the next `times` matching requests (after `skip` of them) get this answer instead. */
export interface Fault {
  readonly method?: string;
  /** Request path after `/api/v3` (exact), an operation id, a path template, or a RegExp on the path. */
  readonly path: string | RegExp;
  times: number;
  /** Matching requests answered normally first: `skip: 2` faults the third. */
  skip?: number;
  /**
   * Handle the request first, then answer with the fault: a write that happened but whose
   * answer was lost, the case where a blind retry duplicates what it wrote.
   */
  readonly afterHandling?: boolean;
  readonly answer: FaultAnswer;
}

/** A reply, or the instruction to close the connection without one, or to never answer. */
type Outcome = Reply | "drop" | "silent";

const API_PREFIX = "/api/v3";
const DOCS = "https://docs.github.com/rest";

/** Returns a node:http request listener serving GitHub's REST API from `core`. */
export function createRequestListener(core: ServerCore, routes: Routes, faults: Fault[]): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(core, routes, faults, req).then(
      ({ reply: answer, path, operationId }) => {
        if (answer === "silent") {
          core.requests.push({ method: req.method ?? "GET", path, operationId, status: 0 });
          return;
        }
        if (answer === "drop") {
          core.requests.push({ method: req.method ?? "GET", path, operationId, status: 0 });
          req.socket.destroy();
          return;
        }
        const reply = conditional(req, answer);
        core.requests.push({ method: req.method ?? "GET", path, operationId, status: reply.status });
        send(res, reply);
      },
      (err: unknown) => {
        send(res, { status: 500, body: { message: `test server error: ${err instanceof Error ? err.message : String(err)}` } });
      },
    );
  };
}

async function handle(core: ServerCore, routes: Routes, faults: Fault[], req: IncomingMessage): Promise<{ reply: Outcome; path: string; operationId: string | undefined }> {
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const rawPath = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
  const path = safeDecode(rawPath);
  const text = await readBody(req);
  const validator = loadSchemaValidator();
  const matched = url.pathname.startsWith(API_PREFIX) ? validator.api.match(method, rawPath) : undefined;
  if (matched === undefined) {
    core.violation({ kind: "unknown-endpoint", method, path, operationId: undefined, problems: [`${method} ${path} is not in GitHub's REST API description`] });
    return { reply: errorReply(404, "Not Found"), path, operationId: undefined };
  }
  const { op, pathParams } = matched;
  const fault = takeFault(faults, method, path, op.operationId, op.template);
  if (fault?.answer.kind === "delay") await new Promise((resolve) => setTimeout(resolve, (fault.answer as { ms: number }).ms));
  const faulty = fault !== undefined && fault.answer.kind !== "delay";
  if (faulty && !fault.afterHandling) return { reply: faultReply(fault.answer), path, operationId: op.operationId };
  // With afterHandling the request has its effect, and only then is its answer replaced.
  const result = (reply: Reply) => ({ reply: faulty && fault.afterHandling ? faultReply(fault.answer) : reply, path, operationId: op.operationId });

  let body: unknown;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      core.violation({ kind: "request", method, path, operationId: op.operationId, problems: ["request body is not valid JSON"] });
      return result(errorReply(400, "Problems parsing JSON"));
    }
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  const problems = [...validator.checkParameters(op, pathParams, query), ...validator.checkBody(op, body)];
  if (problems.length > 0) {
    core.violation({ kind: "request", method, path, operationId: op.operationId, problems });
    return result(errorReply(422, "Invalid request.", { errors: problems }));
  }

  const auth = authenticate(core, req.headers.authorization);
  const needed = requiredCredential(op.operationId);
  const ok = credentialFits(needed, auth);
  if (!ok) {
    const reason = auth.kind === "none" ? auth.reason : `${op.operationId} needs ${needed} credentials, got ${auth.kind}`;
    core.violation({ kind: "auth", method, path, operationId: op.operationId, problems: [reason] });
    return result(errorReply(401, auth.kind === "none" ? "Bad credentials" : "A JSON web token could not be decoded"));
  }

  const handler = routes[op.operationId];
  if (handler === undefined) {
    core.violation({ kind: "unimplemented", method, path, operationId: op.operationId, problems: [`the test server does not implement ${op.operationId}`] });
    return result(errorReply(404, "Not Found"));
  }
  let reply: Reply;
  try {
    reply = await handler({ core, op, params: pathParams, query, body, actor: auth.kind === "installation" || auth.kind === "user" ? auth.actor : core.bot, accept: req.headers.accept ?? "", url });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    reply = errorReply(err.status, err.message, err.details);
  }
  if (reply.status < 300 && reply.body !== undefined && reply.text === undefined) {
    const pointer = validator.responsePointer(op, reply.status);
    if (pointer !== undefined) {
      const completed = conformToSchema(validator.api, pointer, reply.body);
      reply = { ...reply, body: completed };
      if (core.options.checkResponses) {
        const responseProblems = validator.checkResponse(op, reply.status, completed);
        if (responseProblems.length > 0) core.violation({ kind: "response", method, path, operationId: op.operationId, problems: responseProblems });
      }
    }
  }
  return result(reply);
}

function takeFault(faults: Fault[], method: string, path: string, operationId: string, template: string): Fault | undefined {
  const f = faults.find((x) => x.times > 0 && (x.method === undefined || x.method.toUpperCase() === method) && (x.path instanceof RegExp ? x.path.test(path) : [path, operationId, template].includes(x.path)));
  if (f === undefined) return undefined;
  if ((f.skip ?? 0) > 0) {
    f.skip = (f.skip ?? 0) - 1;
    return undefined;
  }
  f.times--;
  return f;
}

function faultReply(answer: FaultAnswer): Outcome {
  if (answer.kind === "drop" || answer.kind === "silent") return answer.kind;
  if (answer.kind === "status") return errorReply(answer.status, answer.message ?? "Server Error");
  if (answer.kind === "delay") throw new Error("a delay is not an answer");
  const message = answer.abuse
    ? "You have triggered an abuse detection mechanism. Please wait a few minutes before you try again."
    : "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
  return {
    status: answer.status ?? 403,
    body: { message, documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits` },
    headers: { "retry-after": String(answer.retryAfterSeconds) },
  };
}

/**
 * GitHub's conditional requests: every successful GET carries an ETag of its body, and a
 * request whose `If-None-Match` names it gets 304 with no body (which GitHub does not
 * count against the rate limit). The ETag is weak, as GitHub's usually are.
 */
function conditional(req: IncomingMessage, reply: Reply): Reply {
  if ((req.method ?? "GET").toUpperCase() !== "GET" || reply.status !== 200) return reply;
  const etag = `W/"${createHash("sha256").update(reply.text ?? JSON.stringify(reply.body ?? null)).digest("hex").slice(0, 40)}"`;
  const asked = (req.headers["if-none-match"] ?? "").split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (asked.includes(etag.replace(/^W\//, ""))) return { status: 304, headers: { ...reply.headers, etag } };
  return { ...reply, headers: { ...reply.headers, etag } };
}

/** Returns an error answer in GitHub's shape. */
export function errorReply(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    "x-github-request-id": randomUUID(),
    "x-github-api-version-selected": "2022-11-28",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-resource": "core",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    ...reply.headers,
  };
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { ...headers, "content-type": "application/vnd.github.raw; charset=utf-8" });
    res.end(reply.text);
  } else if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
  } else {
    res.writeHead(reply.status, { ...headers, "content-type": "application/json; charset=utf-8", "x-github-media-type": "github.v3; format=json" });
    res.end(JSON.stringify(reply.body));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
