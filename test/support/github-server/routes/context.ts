/**
 * What a route handler receives and returns, and small helpers shared by routes.
 */
import type { ServerCore } from "../core.ts";
import type { OperationSpec } from "../openapi/spec.ts";
import { notFound, type RepoState, type User } from "../state.ts";

/** An HTTP answer from a handler; `text` sends a raw body instead of JSON. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly text?: string;
  readonly headers?: Record<string, string>;
}

/** A request routed to a handler, already checked against GitHub's description and authenticated. */
export interface RouteContext {
  readonly core: ServerCore;
  readonly op: OperationSpec;
  readonly params: Record<string, string>;
  readonly query: Record<string, string | string[]>;
  /** The JSON body; each handler casts it to the shape GitHub's schema (already checked) allows. */
  readonly body: unknown;
  /** The account acting: the app's bot user for installation tokens. */
  readonly actor: User;
  readonly accept: string;
  readonly url: URL;
}

/** A route handler, keyed by GitHub operation id. */
export type Handler = (ctx: RouteContext) => Promise<Reply> | Reply;

/** Route table: operation id → handler. */
export type Routes = Record<string, Handler>;

/** Returns the repository named by the `owner`/`repo` path parameters, or throws 404. */
export function repoOf(ctx: RouteContext): RepoState {
  return ctx.core.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
}

/** Returns a single query value (the first when repeated). */
export function queryValue(ctx: RouteContext, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Returns a positive integer path parameter, or throws 404. */
export function intParam(ctx: RouteContext, name: string): number {
  const n = Number(ctx.params[name]);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
}

/** Returns one page of `items` with GitHub's Link header (per_page ≤ 100, pages from 1). */
export function page<T>(ctx: RouteContext, items: readonly T[]): Reply & { body: T[] } {
  const perPage = Math.min(100, Math.max(1, Number(queryValue(ctx, "per_page") ?? 30) || 30));
  const pageNo = Math.max(1, Number(queryValue(ctx, "page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const u = new URL(ctx.url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(n));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo > 1) links.push(link(pageNo - 1, "prev"), link(1, "first"));
  if (pageNo < last) links.push(link(pageNo + 1, "next"), link(last, "last"));
  return { status: 200, body: items.slice((pageNo - 1) * perPage, pageNo * perPage), headers: links.length > 0 ? { link: links.join(", ") } : {} };
}
