/**
 * The shared heart of the test server: accounts, repositories, ids, the clock, and
 * the violation and request logs. Route modules and test helpers both act on it.
 */
import { newOAuthState, type OAuthState } from "./routes/oauth.ts";
import { WebhookSender } from "./webhooks.ts";
import { ApiError, notFound, type CommentState, type Permission, type RepoState, type User } from "./state.ts";

/** Something the app did that real GitHub would reject, or a fake answer off-spec. */
export interface Violation {
  readonly kind: "unknown-endpoint" | "unimplemented" | "request" | "response" | "webhook" | "auth";
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly problems: readonly string[];
}

/** One handled API request. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly status: number;
}

/** Identity and endpoints of the fake GitHub App and server. */
export interface CoreOptions {
  readonly url: string;
  readonly appId: number;
  readonly appSlug: string;
  readonly installationId: number;
  readonly publicKeyPem: string;
  readonly clock: () => Date;
  readonly webhookUrl: string | undefined;
  readonly webhookSecret: string;
  /** Validate responses and webhook payloads against GitHub's schemas too (requests always are). */
  readonly checkResponses: boolean;
}

/** State shared by every route and helper. */
export class ServerCore {
  readonly violations: Violation[] = [];
  readonly requests: RequestLogEntry[] = [];
  readonly users = new Map<string, User>();
  readonly repos = new Map<string, RepoState>();
  readonly teams = new Map<string, Map<string, "member" | "maintainer">>();
  readonly tokens = new Map<string, { installationId: number; expiresAt: number }>();
  readonly comments = new Map<number, CommentState>();
  readonly bot: User;
  /** The app's OAuth client and the user tokens it issued (dashboard sign-in). */
  readonly oauth: OAuthState;
  readonly webhooks: WebhookSender;
  private idCounter = 1000;

  constructor(readonly options: CoreOptions) {
    this.bot = this.user(`${options.appSlug}[bot]`, "Bot");
    this.oauth = newOAuthState(options.appId);
    this.webhooks = new WebhookSender(this, { url: options.webhookUrl, secret: options.webhookSecret, checkPayloads: options.checkResponses });
  }

  /** Returns the API base URL (`…/api/v3`). */
  get apiUrl(): string {
    return `${this.options.url}/api/v3`;
  }

  /** Returns a new unique id (ids are unique across all resources, like GitHub's in practice). */
  nextId(): number {
    return ++this.idCounter;
  }

  /** Returns the current time as GitHub formats it (no milliseconds). */
  now(): string {
    return this.options.clock().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Returns the account with this login, creating it on first use. */
  user(login: string, type: User["type"] = "User"): User {
    let u = this.users.get(login);
    if (u === undefined) {
      u = { login, id: this.nextId(), type, name: login, email: `${login.replace(/\[bot\]$/, "")}@users.noreply.github.test` };
      this.users.set(login, u);
    }
    return u;
  }

  /** Returns the account whose commit email matches, if any. */
  userByEmail(email: string): User | undefined {
    for (const u of this.users.values()) if (u.email === email) return u;
    return undefined;
  }

  /** Returns a repository or throws GitHub's 404. */
  repo(owner: string, name: string): RepoState {
    const r = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (r === undefined) throw notFound();
    return r;
  }

  /** Returns a user's permission on a repository (owners and the app are admins). */
  permission(repo: RepoState, login: string): Permission {
    if (login === repo.owner.login) return "admin";
    return repo.permissions.get(login) ?? "none";
  }

  /** Records a violation (tests assert there are none). */
  violation(v: Violation): void {
    this.violations.push(v);
  }

  /** Returns a comment by id within a repository, or throws 404. */
  comment(repo: RepoState, id: number): CommentState {
    const c = this.comments.get(id);
    if (c === undefined || c.repo !== repo.fullName) throw notFound();
    return c;
  }

  /** Throws GitHub's 403 when the request is not allowed. */
  forbid(message: string): never {
    throw new ApiError(403, message);
  }
}
