/**
 * Shared setup for the GitHub test server's own tests: a server with `acme/config`
 * and an Octokit authenticated the way a GitHub App is (JWT → installation token).
 */
import { createSign } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { GitHubTestServer } from "../support/github-server/github-test-server.ts";

/** Returns an RS256 app JWT signed with the server's app private key. */
export function appJwt(gh: GitHubTestServer, overrides: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const unsigned = `${enc({ alg: "RS256", typ: "JWT" })}.${enc({ iat: now - 30, exp: now + 540, iss: gh.appId, ...overrides })}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(gh.privateKeyPem).toString("base64url");
  return `${unsigned}.${signature}`;
}

/** Returns an Octokit using an installation token obtained with the app JWT. */
export async function installationOctokit(gh: GitHubTestServer): Promise<Octokit> {
  const app = new Octokit({ baseUrl: gh.apiUrl, auth: appJwt(gh) });
  const { data: installation } = await app.rest.apps.getRepoInstallation({ owner: "acme", repo: "config" });
  const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: installation.id });
  return new Octokit({ baseUrl: gh.apiUrl, auth: data.token });
}

/** Files of the small repository most tests start from. */
export const SEED_FILES = {
  "README.md": "config\n",
  "base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
  "base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
};

/** Starts a server with `acme/config` seeded from SEED_FILES on `main`. */
export async function startWithRepo(options: { webhookUrl?: string; webhookSecret?: string } = {}): Promise<{ gh: GitHubTestServer; octokit: Octokit }> {
  const gh = await GitHubTestServer.start(options);
  await gh.createRepo({ name: "config", files: SEED_FILES });
  return { gh, octokit: await installationOctokit(gh) };
}
