/**
 * GitHub's OAuth web flow for the App's user sign-in: the authorize URL (with `state`)
 * and the code → user-token exchange, on GitHub's web host (github.com, or the GHE
 * host). The client secret is sent only to that host and never logged or shown.
 */
import { AppError } from "../../errors.ts";

/** The App's OAuth client (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET) and where GitHub's web host is. */
export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** `https://github.com`, or `${GHE_PROTOCOL}://${GHE_HOST}`. */
  readonly webUrl: string;
  /** Timeout of the token exchange (ms). */
  readonly timeoutMs: number;
}

/** Returns the URL to send the browser to for sign-in. */
export function authorizeUrl(client: OAuthClient, params: { redirectUri: string; state: string }): string {
  const url = new URL("/login/oauth/authorize", client.webUrl);
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", params.redirectUri);
  url.searchParams.set("state", params.state);
  // A GitHub App's user token carries the App's permissions, so no scope is asked for.
  url.searchParams.set("allow_signup", "false");
  return url.toString();
}

/** Returns the user access token for an authorization code; throws AppError("oauth-failed") saying why. */
export async function exchangeCode(client: OAuthClient, params: { code: string; redirectUri: string }): Promise<string> {
  let answer: { access_token?: string; error?: string; error_description?: string };
  try {
    const res = await fetch(new URL("/login/oauth/access_token", client.webUrl), {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({ client_id: client.clientId, client_secret: client.clientSecret, code: params.code, redirect_uri: params.redirectUri }),
      signal: AbortSignal.timeout(client.timeoutMs),
    });
    if (!res.ok) throw new AppError("oauth-failed", `GitHub answered HTTP ${res.status} to the sign-in token exchange; try signing in again`);
    answer = (await res.json()) as typeof answer;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("oauth-failed", `the sign-in token exchange with GitHub failed (${error instanceof Error ? error.name : "error"}); check that Ferry reaches ${client.webUrl}`, { cause: error });
  }
  if (typeof answer.access_token === "string" && answer.access_token !== "") return answer.access_token;
  const hint = answer.error === "incorrect_client_credentials" ? "; check GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET" : "; try signing in again";
  throw new AppError("oauth-failed", `GitHub refused the sign-in: ${answer.error_description ?? answer.error ?? "no token in the answer"}${hint}`);
}
