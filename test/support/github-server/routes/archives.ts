/**
 * Repository archives, as GitHub serves them: `GET /repos/{o}/{r}/tarball/{ref}` answers
 * 302 to a short-lived codeload URL, which serves `git archive` of the commit (gzipped
 * tar with one top-level directory, like GitHub's).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerCore } from "../core.ts";
import { repoOf, type Routes } from "./context.ts";
import { resolveRev } from "./repos.ts";

const CODELOAD = "/_codeload/";
// Tokens issued per server, like codeload's expiring `?token=`; a URL without one is refused.
const tokens = new WeakMap<ServerCore, Map<string, { fullName: string; sha: string }>>();

/** Archive routes. */
export const archiveRoutes: Routes = {
  "repos/download-tarball-archive": async (ctx) => {
    const repo = repoOf(ctx);
    const sha = await resolveRev(repo, ctx.params.ref ?? "");
    const token = randomBytes(12).toString("hex");
    const issued = tokens.get(ctx.core) ?? new Map();
    tokens.set(ctx.core, issued);
    issued.set(token, { fullName: repo.fullName, sha });
    return { status: 302, headers: { location: `${ctx.core.options.url}${CODELOAD}${repo.fullName}/legacy.tar.gz/${sha}?token=${token}` } };
  },
};

/** Serves a codeload URL and returns true, or returns false when `req` is not one. */
export function serveCodeload(core: ServerCore, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (!url.pathname.startsWith(CODELOAD)) return false;
  const grant = tokens.get(core)?.get(url.searchParams.get("token") ?? "");
  const repo = grant ? core.repos.get(grant.fullName.toLowerCase()) : undefined;
  core.requests.push({ method: req.method ?? "GET", path: url.pathname, operationId: "codeload", status: repo ? 200 : 404 });
  if (!grant || !repo) {
    res.writeHead(404).end("Not Found");
    return true;
  }
  const prefix = `${grant.fullName.replace("/", "-")}-${grant.sha.slice(0, 7)}/`;
  execFile("git", ["--git-dir", repo.git.gitDir, "archive", "--format=tar.gz", `--prefix=${prefix}`, grant.sha], { encoding: "buffer", maxBuffer: 512 * 1024 * 1024 }, (error, stdout) => {
    if (error) res.writeHead(500).end(String(error.message));
    else res.writeHead(200, { "content-type": "application/x-gzip", "content-length": String(stdout.length) }).end(stdout);
  });
  return true;
}
