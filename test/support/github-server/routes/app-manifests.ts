/**
 * Registering a GitHub App from a manifest, as Probot's setup flow drives it: the web
 * form `POST /settings/apps/new` (field `manifest`, the app.yml JSON) redirects back to
 * the manifest's `redirect_url` with a one-time `code`, and `POST
 * /app-manifests/{code}/conversions` (no credentials) trades the code for the App's id,
 * private key and webhook secret. The App "created" is the test server's own App, so
 * the credentials returned work against it at once.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerCore } from "../core.ts";
import { appShape } from "../shapes/account.ts";
import { ApiError } from "../state.ts";
import type { Routes } from "./context.ts";

/** Codes issued and manifests received. */
export interface AppManifestState {
  readonly pem: string;
  readonly webhookSecret: string;
  readonly codes: Map<string, Record<string, unknown>>;
  /** Every manifest posted to the form, oldest first. */
  readonly manifests: Record<string, unknown>[];
}

/** Serves the web form; returns false for any other request. */
export function serveAppManifestForm(core: ServerCore, state: AppManifestState, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? "/", core.options.url);
  if (req.method !== "POST" || !/^(\/organizations\/[^/]+)?\/settings\/apps\/new$/.test(url.pathname)) return false;
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    let manifest: Record<string, unknown> | undefined;
    try {
      manifest = JSON.parse(new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("manifest") ?? "") as Record<string, unknown>;
    } catch {
      manifest = undefined;
    }
    if (typeof manifest?.redirect_url !== "string" || typeof manifest.name !== "string") {
      core.violation({ kind: "request", method: "POST", path: url.pathname, operationId: undefined, problems: ["the manifest must be JSON with name and redirect_url"] });
      res.writeHead(422, { "content-type": "text/plain" }).end("invalid manifest");
      return;
    }
    const code = randomBytes(10).toString("hex");
    state.codes.set(code, manifest);
    state.manifests.push(manifest);
    const back = new URL(manifest.redirect_url);
    back.searchParams.set("code", code);
    res.writeHead(302, { location: back.toString() }).end();
  });
  return true;
}

/** Returns the conversion endpoint. */
export function appManifestRoutes(state: AppManifestState): Routes {
  return {
    "apps/create-from-manifest": (ctx) => {
      const code = ctx.params.code ?? "";
      const manifest = state.codes.get(code);
      if (!manifest) throw new ApiError(404, "Not Found");
      state.codes.delete(code);
      const app = appShape(ctx.core);
      return { status: 201, body: { ...app, name: manifest.name, client_id: app.client_id, client_secret: ctx.core.oauth.clientSecret, webhook_secret: state.webhookSecret, pem: state.pem } };
    },
  };
}
