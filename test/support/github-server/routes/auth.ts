/**
 * GitHub App authentication: RS256 JWTs signed with the app's private key (checked
 * with its public key) for app endpoints, installation tokens for everything else.
 */
import { createPublicKey, randomBytes, verify } from "node:crypto";
import type { ServerCore } from "../core.ts";
import { APP_PERMISSIONS, appShape, installationShape, repositoryShape } from "../shapes/account.ts";
import { ApiError, type User } from "../state.ts";
import { repoOf, type Routes } from "./context.ts";

/** Who a request authenticated as. */
export type Authentication = { kind: "app" } | { kind: "installation"; actor: User } | { kind: "user"; actor: User } | { kind: "none"; reason: string };

const APP_OPERATIONS = new Set(["apps/get-authenticated", "apps/get-repo-installation", "apps/create-installation-access-token", "apps/get-installation", "apps/list-installations", "apps/get-org-installation"]);
const EITHER_OPERATIONS = new Set(["rate-limit/get", "meta/root"]);
// The manifest conversion is authorised by its one-time code alone.
const NO_CREDENTIAL_OPERATIONS = new Set(["apps/create-from-manifest"]);
// User access tokens (dashboard sign-in) call these only; `repos/get` also takes an installation token.
const USER_OPERATIONS = new Set(["users/get-authenticated", "apps/list-installations-for-authenticated-user", "apps/list-installation-repos-for-authenticated-user"]);
const USER_OR_INSTALLATION_OPERATIONS = new Set(["repos/get"]);

/** Returns which credential an operation needs. */
export function requiredCredential(operationId: string): "app" | "installation" | "user" | "user-or-installation" | "either" | "none" {
  if (NO_CREDENTIAL_OPERATIONS.has(operationId)) return "none";
  if (APP_OPERATIONS.has(operationId)) return "app";
  if (USER_OPERATIONS.has(operationId)) return "user";
  if (USER_OR_INSTALLATION_OPERATIONS.has(operationId)) return "user-or-installation";
  return EITHER_OPERATIONS.has(operationId) ? "either" : "installation";
}

/** Returns whether an authentication satisfies what an operation needs. */
export function credentialFits(needed: ReturnType<typeof requiredCredential>, auth: Authentication): boolean {
  if (needed === "none") return true;
  if (auth.kind === "none") return false;
  if (needed === "either") return true;
  if (needed === "user-or-installation") return auth.kind === "user" || auth.kind === "installation";
  return needed === auth.kind;
}

/** Returns who an Authorization header authenticates as. */
export function authenticate(core: ServerCore, header: string | undefined): Authentication {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? "");
  if (m?.[1] === undefined) return { kind: "none", reason: "missing Authorization header" };
  const credential = m[1];
  if (credential.split(".").length === 3) {
    const problem = checkJwt(core, credential);
    return problem === undefined ? { kind: "app" } : { kind: "none", reason: problem };
  }
  const userLogin = core.oauth.tokens.get(credential);
  if (userLogin !== undefined) return { kind: "user", actor: core.user(userLogin) };
  const token = core.tokens.get(credential);
  if (token === undefined) return { kind: "none", reason: "unknown token" };
  if (token.expiresAt < core.options.clock().getTime()) return { kind: "none", reason: "installation token expired" };
  return { kind: "installation", actor: core.bot };
}

function checkJwt(core: ServerCore, jwt: string): string | undefined {
  const [h, p, s] = jwt.split(".") as [string, string, string];
  let header: { alg?: string };
  let claims: { iss?: string | number; iat?: number; exp?: number };
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as typeof header;
    claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return "JWT is not valid JSON";
  }
  if (header.alg !== "RS256") return `JWT alg ${String(header.alg)} is not RS256`;
  const key = createPublicKey(core.options.publicKeyPem);
  if (!verify("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url"))) return "JWT signature does not match the app's public key";
  if (String(claims.iss) !== String(core.options.appId)) return `JWT iss ${String(claims.iss)} is not the app id`;
  const now = Math.floor(core.options.clock().getTime() / 1000);
  if (typeof claims.exp !== "number" || claims.exp < now) return "JWT expired";
  if (typeof claims.iat !== "number" || claims.iat > now + 60) return "JWT issued in the future";
  if (claims.exp - claims.iat > 660) return "JWT lives longer than 10 minutes";
  return undefined;
}

/** Routes for the app itself and installation tokens. */
export const authRoutes: Routes = {
  "apps/get-authenticated": ({ core }) => ({ status: 200, body: appShape(core) }),
  "apps/get-repo-installation": (ctx) => {
    repoOf(ctx);
    return { status: 200, body: installationShape(ctx.core) };
  },
  "apps/get-installation": (ctx) => {
    if (Number(ctx.params.installation_id) !== ctx.core.options.installationId) throw new ApiError(404, "Not Found");
    return { status: 200, body: installationShape(ctx.core) };
  },
  "apps/create-installation-access-token": ({ core, params }) => {
    if (Number(params.installation_id) !== core.options.installationId) throw new ApiError(404, "Not Found");
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    const expiresAt = core.options.clock().getTime() + 3600_000;
    core.tokens.set(token, { installationId: core.options.installationId, expiresAt });
    return { status: 201, body: { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"), permissions: APP_PERMISSIONS, repository_selection: "all" } };
  },
  // The installation's repositories and the app's installations, for jobs that run outside a webhook (the drift schedule).
  "apps/list-installations": ({ core }) => ({ status: 200, body: [installationShape(core)] }),
  "apps/list-repos-accessible-to-installation": ({ core }) => {
    const repositories = [...core.repos.values()].map((r) => repositoryShape(core, r));
    return { status: 200, body: { total_count: repositories.length, repository_selection: "all", repositories } };
  },
  "rate-limit/get": ({ core }) => {
    const reset = Math.floor(core.options.clock().getTime() / 1000) + 3600;
    const core5000 = { limit: 5000, used: 0, remaining: 5000, reset };
    return { status: 200, body: { resources: { core: core5000, search: { ...core5000, limit: 30, remaining: 30 }, graphql: core5000 }, rate: core5000 } };
  },
};
